// Runs with `pnpm --filter @tradecraft/web test` (node:test through tsx: this app has no vitest).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isSafeNoteLink, renderNotes } from "./markdown.server.ts";

describe("renderNotes", () => {
  it("renders Markdown", () => {
    assert.equal(
      renderNotes("Held for **target**, _no_ chase"),
      "<p>Held for <strong>target</strong>, <em>no</em> chase</p>\n",
    );
    assert.equal(renderNotes("- one\n- two"), "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n");
  });

  it("aligns table columns with classes, not inline styles (the CSP blocks those)", () => {
    const html = renderNotes("| level | price |\n| :-- | --: |\n| stop | 98 |");
    assert.doesNotMatch(html, /style=/);
    assert.match(html, /<th class="tc-align-left">level<\/th>/);
    assert.match(html, /<td class="tc-align-right">98<\/td>/);
  });

  it("shows a script tag and other raw HTML as text", () => {
    assert.equal(renderNotes("<script>alert(1)</script>"), "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
    assert.equal(
      renderNotes('Hi <img src=x onerror="alert(1)"> there'),
      "<p>Hi &lt;img src=x onerror=&quot;alert(1)&quot;&gt; there</p>\n",
    );
    assert.equal(
      renderNotes('<div onclick="x()">\nblock\n</div>'),
      "<p>&lt;div onclick=&quot;x()&quot;&gt;<br>\nblock<br>\n&lt;/div&gt;</p>\n",
    );
    assert.doesNotMatch(renderNotes("<iframe src='https://evil.example'></iframe>"), /<iframe/);
  });

  it("drops javascript:, data: and vbscript: links, however they are spelled", () => {
    for (const href of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "&#106;avascript:alert(1)",
      "java%0Ascript:alert(1)",
      "data:text/html;base64,PHNjcmlwdD4=",
      "vbscript:msgbox(1)",
    ]) {
      const html = renderNotes(`[click](${href})`);
      assert.doesNotMatch(html, /<a /, href);
      assert.doesNotMatch(html, /href=/, href);
    }
    assert.doesNotMatch(renderNotes("<javascript:alert(1)>"), /<a /);
  });

  it("keeps web, email and relative links, each with rel=noopener noreferrer nofollow", () => {
    assert.equal(
      renderNotes("[chart](https://example.com/c?x=1)"),
      '<p><a href="https://example.com/c?x=1" rel="noopener noreferrer nofollow">chart</a></p>\n',
    );
    assert.equal(
      renderNotes("[me](mailto:jo@example.test)"),
      '<p><a href="mailto:jo@example.test" rel="noopener noreferrer nofollow">me</a></p>\n',
    );
    assert.equal(
      renderNotes("[prev](/app/journal/abc)"),
      '<p><a href="/app/journal/abc" rel="noopener noreferrer nofollow">prev</a></p>\n',
    );
  });

  it("turns bare URLs into links with the same rel, and shows no images", () => {
    assert.equal(
      renderNotes("see https://example.com/a"),
      '<p>see <a href="https://example.com/a" rel="noopener noreferrer nofollow">https://example.com/a</a></p>\n',
    );
    const image = renderNotes("![tracker](https://evil.example/pixel.png)");
    assert.doesNotMatch(image, /<img/);
  });
});

describe("isSafeNoteLink", () => {
  it("accepts http(s), mailto and relative links only", () => {
    assert.equal(isSafeNoteLink("https://example.com"), true);
    assert.equal(isSafeNoteLink("HTTP://example.com"), true);
    assert.equal(isSafeNoteLink("mailto:a@b.c"), true);
    assert.equal(isSafeNoteLink("/app/journal"), true);
    assert.equal(isSafeNoteLink("#fills"), true);
    assert.equal(isSafeNoteLink("notes/a:b"), true);
    assert.equal(isSafeNoteLink("java\tscript:alert(1)"), false);
    assert.equal(isSafeNoteLink(" javascript:alert(1)"), false);
    assert.equal(isSafeNoteLink("\u0001javascript:alert(1)"), false);
    assert.equal(isSafeNoteLink("file:///etc/passwd"), false);
    assert.equal(isSafeNoteLink("ftp://example.com"), false);
  });
});
