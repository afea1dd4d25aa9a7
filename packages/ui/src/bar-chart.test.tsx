import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart } from "./bar-chart.tsx";

describe("bar charts", () => {
  const bars = [
    { key: "a", label: "1", value: 43, tone: "gain" as const, text: "Mon 2 Mar: +$43.00, 1 trade" },
    { key: "b", label: "2", value: -21, tone: "loss" as const, text: "Tue 3 Mar: -$21.00, 1 trade" },
  ];
  const render = (b = bars) =>
    renderToString(
      <BarChart
        title="Daily"
        description="Two days"
        bars={b}
        formatAxis={String}
        tableCaption="Days"
        valueHeader="Net P&L"
      />,
    );

  it("draws gains above and losses below the zero line, each with its value in words", () => {
    const html = render();
    expect(html).toContain('fill="#10B981"><title>Mon 2 Mar: +$43.00, 1 trade</title>');
    expect(html).toContain('fill="#F87171"><title>Tue 3 Mar: -$21.00, 1 trade</title>');
    expect(html).toContain("<caption>Days</caption>");
    expect(html).toContain('<td data-numeric="true">+$43.00, 1 trade</td>');
  });

  it("labels only every few bars so labels never overlap, and says when there is nothing", () => {
    const many = Array.from({ length: 31 }, (_, i) => ({ ...bars[0]!, key: String(i), label: String(i + 1) }));
    const narrow = render(many).split('tc-narrow-only"')[1]!;
    // 31 bars, at most 7 labels on a phone: one every 5 bars.
    expect(narrow.match(/text-anchor="middle"/g)).toHaveLength(7);
    expect(render([])).toContain("No closed trades match.");
  });
});
