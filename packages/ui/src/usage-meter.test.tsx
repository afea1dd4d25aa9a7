import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { UsageMeter, usageLevelOf } from "./usage-meter.tsx";

const text = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

describe("UsageMeter", () => {
  it("says 'Conversation 3/5 · Messages 6/8' with a labelled meter per allowance", () => {
    const html = renderToString(
      <UsageMeter
        tier="FREE"
        conversations={{ used: 3, limit: 5, resetsAt: "2026-04-01T00:00:00.000Z" }}
        messages={{ used: 6, limit: 8 }}
      />,
    );
    expect(text(html)).toContain("Conversation 3/5 · Messages 6/8");
    expect(html).toContain('<label for="usage-conversations"');
    expect(html).toMatch(/<meter id="usage-conversations" min="0" max="5" value="3" aria-valuetext="3 of 5 used"/);
    expect(html).toMatch(/<meter id="usage-messages" min="0" max="8" value="6"/);
    expect(html).not.toContain("Running low");
    expect(html).toContain('href="/app/settings/plan"');
  });

  it("turns amber with a 'running low' note from 80 %", () => {
    const html = renderToString(
      <UsageMeter tier="FREE" conversations={{ used: 4, limit: 5 }} messages={{ used: 7, limit: 8 }} />,
    );
    expect(html.match(/tc-usage--low/g)).toHaveLength(2);
    expect(text(html)).toContain("Running low: 1 message left in this conversation.");
    expect(text(html)).toContain("Running low: 1 conversation left");
  });

  it("turns red at the limit, says so, and offers Free members the upgrade", () => {
    const html = renderToString(
      <UsageMeter
        tier="FREE"
        gradings={{ used: 20, limit: 20, resetsAt: new Date("2026-04-01T00:00:00Z") }}
        messages={{ used: 8, limit: 8 }}
        upgradeHref="/plan"
      />,
    );
    expect(html.match(/tc-usage--out/g)).toHaveLength(2);
    expect(text(html)).toContain(
      "You've used all 20 gradings this month; it renews on Apr 1, 2026. Upgrade to Pro for more",
    );
    expect(text(html)).toContain("You've used all 8 messages in this conversation.");
    expect(html).toContain('<a href="/plan">Upgrade to Pro for more</a>');
  });

  it("tells a Pro member at the limit what helps instead of an upgrade", () => {
    const html = renderToString(<UsageMeter tier="PRO" messages={{ used: 60, limit: 60 }} />);
    expect(text(html)).toContain(
      "You've used all 60 messages in this conversation. Start a new conversation to continue.",
    );
    expect(html).not.toContain("Upgrade");
    expect(html).not.toContain("See what Pro includes");
  });

  it("puts thousands separators in large allowances", () => {
    const html = renderToString(<UsageMeter tier="PRO" gradings={{ used: 1500, limit: 12000 }} />);
    expect(text(html)).toContain("Gradings 1,500/12,000");
    expect(html).toContain('aria-valuetext="1,500 of 12,000 used"');
  });

  it("levels: ok under 80 %, low from 80 %, out at the limit", () => {
    expect([
      usageLevelOf({ used: 3, limit: 5 }),
      usageLevelOf({ used: 4, limit: 5 }),
      usageLevelOf({ used: 5, limit: 5 }),
      usageLevelOf({ used: 0, limit: 0 }),
    ]).toEqual(["ok", "low", "out", "out"]);
  });
});
