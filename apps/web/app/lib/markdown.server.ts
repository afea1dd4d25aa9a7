// Members' notes are Markdown, rendered on the server. Nothing a member types may become markup
// of its own: raw HTML is shown as text, links go only to the web or email, and every link
// tells the browser not to pass on who sent it.
import MarkdownIt from "markdown-it";

const LINK_REL = "noopener noreferrer nofollow";

const md = new MarkdownIt({ html: false, linkify: true, breaks: true });
// An image in a note would load from anywhere the note names, telling that server when the
// member reads their journal; notes keep text and links only.
md.disable("image");

/**
 * True for links a note may hold: http(s), mailto and relative ones. Browsers ignore control
 * characters and spaces inside a scheme ("java\tscript:"), so they are removed before checking.
 */
export function isSafeNoteLink(url: string): boolean {
  // eslint-disable-next-line no-control-regex
  const compact = url.replace(/[\u0000-\u0020\u007f]/g, "").toLowerCase();
  if (/^(https?:|mailto:)/.test(compact)) return true;
  // Relative: no scheme before the first "/", "?" or "#".
  return !/^[^/?#]*:/.test(compact);
}
md.validateLink = isSafeNoteLink;

// A table column's alignment (`---:`) comes out as style="text-align:…", which the production
// CSP (no inline styles) blocks and reports; a class from the theme says the same.
md.core.ruler.push("alignment_classes", (state) => {
  for (const token of state.tokens) {
    const align = /^text-align:(left|center|right)$/.exec(String(token.attrGet("style") ?? ""))?.[1];
    if (!align) continue;
    token.attrs = token.attrs?.filter(([name]) => name !== "style") ?? null;
    token.attrJoin("class", `tc-align-${align}`);
  }
});

const renderLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet("rel", LINK_REL);
  return renderLinkOpen(tokens, idx, options, env, self);
};

/** A note's Markdown as HTML that holds no markup, script or link scheme of the member's own. */
export function renderNotes(markdown: string): string {
  return md.render(markdown);
}
