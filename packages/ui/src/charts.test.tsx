import fs from "node:fs";
import path from "node:path";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import {
  CalendarHeatmap,
  calendarWeeks,
  curveGeometry,
  EquityCurveChart,
  GAIN_COLOUR,
  heatClass,
  LOSS_COLOUR,
  MetricTerm,
  spreadIndices,
} from "./charts.tsx";
import { contrastRatio } from "./contrast.ts";

// Whitespace collapsed: the formatter decides line breaks, the rules are what is checked.
const css = fs.readFileSync(path.join(import.meta.dirname, "styles.css"), "utf8").replace(/\s+/g, " ");
const money = (v: number) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", signDisplay: "exceptZero" }).format(v);
const date = (v: string | Date) => new Date(v).toISOString().slice(0, 10);

describe("chart colours", () => {
  it("gains and losses stand out from the page and every surface (3:1, non-text), and read as text (4.5:1)", () => {
    for (const colour of [GAIN_COLOUR, LOSS_COLOUR]) {
      for (const bg of ["#0A0A0B", "#141416", "#1C1C1F"])
        expect(contrastRatio(colour, bg), `${colour} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("keeps the calendar's text readable on every heat level", () => {
    const levels = [...css.matchAll(/\.tc-heat--(gain|loss)-\d \{ background: (#[0-9a-f]{6}); \}/g)].map((m) => m[2]!);
    expect(levels).toHaveLength(8);
    for (const bg of levels) expect(contrastRatio("#ededed", bg), bg).toBeGreaterThanOrEqual(4.5);
  });
});

describe("the equity curve", () => {
  const points = [
    { tradeNumber: 1, exitAt: "2026-03-02T16:00:00Z", netPnl: 100, cumulative: 100, drawdown: 0 },
    { tradeNumber: 2, exitAt: "2026-03-03T16:00:00Z", netPnl: -150, cumulative: -50, drawdown: 150 },
    { tradeNumber: 4, exitAt: "2026-03-05T16:00:00Z", netPnl: 30, cumulative: 50, drawdown: 50 },
  ];
  const box = { width: 110, height: 160, left: 10, right: 0, top: 10, bottom: 0 };

  it("starts at zero, places points by exit time and scales from the lowest to the highest value", () => {
    // The axis runs from 3 h before the first exit to 1 h after the last: 76 h over 100 units.
    // x: 10 + (hours from the start) / 76 × 100 (3 h, 27 h, 75 h); y: 10 + (100 − v) / 150 × 150.
    const g = curveGeometry(points, box);
    expect(g.line).toBe("M10 110L13.9 10L45.5 160L108.7 60");
    expect(g.zeroY).toBe(110);
    // Underwater: along the peaks (100, 100, 100) and back along the curve.
    expect(g.underwater).toBe("M10 110L13.9 10L45.5 10L108.7 10L108.7 60L45.5 160L13.9 10Z");
  });

  it("spreads the focusable points, keeping the last one and the deepest drawdown", () => {
    expect(spreadIndices(3, 5)).toEqual([0, 1, 2]);
    expect(spreadIndices(100, 5, [37])).toEqual([0, 25, 37, 50, 99]);
  });

  it("renders an SVG with a text description and a data table, or says there is nothing yet", () => {
    const html = renderToString(
      <EquityCurveChart
        title="Equity curve"
        points={points}
        tradeCount={4}
        downsampled
        formatMoney={money}
        formatDate={date}
      />,
    );
    // A labelled group of focusable points, each a labelled image with its read-out.
    expect(html).toContain('role="group"');
    expect(html).toContain('aria-label="Trade 2, closed 2026-03-03: -$150.00, cumulative -$50.00"');
    // A date axis: one tick a day over these three days.
    expect(html).toContain(">3 Mar</text>");
    expect(html).toContain(">5 Mar</text>");
    expect(html).toContain(
      "Cumulative net P&amp;L ends at +$50.00, highest +$100.00, lowest -$50.00; deepest drawdown -$150.00 after trade 2.",
    );
    expect(html).toContain("<caption>Equity curve: 3 of 4 trades");
    // The data table colours each amount by its sign, and zero not at all.
    expect(html).toContain('<td data-numeric="true"><span class="tc-pnl tc-pnl--loss">-$150.00</span></td>');
    expect(html).toContain('<td data-numeric="true"><span class="tc-pnl tc-pnl--gain">+$100.00</span></td>');
    expect(html).toContain('<td data-numeric="true"><span class="tc-pnl tc-pnl--flat">$0.00</span></td>');
    expect(
      renderToString(
        <EquityCurveChart
          title="Equity curve"
          points={[]}
          tradeCount={0}
          downsampled={false}
          formatMoney={money}
          formatDate={date}
        />,
      ),
    ).toContain("No closed trades match");
  });
});

describe("the P&L calendar", () => {
  const day = (d: number, weekday: string, netPnl = 0, tradeCount = 0) => ({
    day: `2026-03-${String(d).padStart(2, "0")}`,
    weekday,
    netPnl,
    tradeCount,
  });

  it("lays a month out in Monday-first weeks", () => {
    const names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const march = Array.from({ length: 31 }, (_, i) => day(i + 1, names[(i + 0) % 7]!)); // 1 March 2026 is a Sunday
    const weeks = calendarWeeks(march);
    expect(weeks).toHaveLength(6);
    expect(weeks[0]!.map((d) => d?.day.slice(8) ?? null)).toEqual([null, null, null, null, null, null, "01"]);
    expect(weeks[5]!.map((d) => d?.day.slice(8) ?? null)).toEqual(["30", "31", null, null, null, null, null]);
  });

  it("shades by sign and size, and prints every amount", () => {
    expect(heatClass(0, 0, 100)).toBe("tc-heat");
    expect(heatClass(0, 2, 100)).toBe("tc-heat tc-heat--flat");
    expect(heatClass(100, 1, 100)).toBe("tc-heat tc-heat--gain-4");
    expect(heatClass(-20, 1, 100)).toBe("tc-heat tc-heat--loss-1");
    expect(heatClass(-51, 1, 100)).toBe("tc-heat tc-heat--loss-3");
    const html = renderToString(
      <CalendarHeatmap
        caption="March 2026"
        days={[day(2, "Mon", 100, 1), day(3, "Tue", -21, 2)]}
        weeks={[{ start: "2026-03-02", end: "2026-03-03", netPnl: 79, tradeCount: 3 }]}
        formatMoney={money}
        formatCompact={(v) => `${v > 0 ? "+" : ""}${v}`}
        formatDay={(d) => d}
      />,
    );
    expect(html).toContain(
      '<td class="tc-heat tc-heat--gain-4"><time class="tc-heat__day" dateTime="2026-03-02">2</time><span class="tc-heat__pnl tc-heat__pnl--full">+$100.00</span><span class="tc-heat__pnl tc-heat__pnl--short">+100</span>',
    );
    // The week's total closes the row, signed and coloured.
    expect(html).toContain('<th scope="col" class="tc-heat__week-head">Week</th>');
    expect(html).toContain(
      '<td class="tc-heat tc-heat--week tc-pnl--gain"><span class="tc-visually-hidden">Week total:</span><span class="tc-heat__pnl tc-heat__pnl--full">+$79.00</span>',
    );
    expect(html).toContain('-21</span><span class="tc-heat__count">2<!-- --> trade<!-- -->s</span>');
    expect(html).toContain("<caption>March 2026: days with trades</caption>");
  });
});

describe("definition tooltips", () => {
  it("describe their term for screen readers and sit next to it", () => {
    const html = renderToString(<MetricTerm term="Win rate" definition="Wins ÷ (wins + losses)." />);
    const id = /aria-describedby="([^"]+)"/.exec(html)![1]!;
    expect(html).toContain(`<span role="tooltip" id="${id}" class="tc-tip__text">Wins ÷ (wins + losses).</span>`);
    expect(css).toMatch(/\.tc-tip:hover \.tc-tip__text, \.tc-tip__term:focus \+ \.tc-tip__text \{ display: block; \}/);
  });
});
