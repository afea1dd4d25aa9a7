import { EquityCurveChart } from "@tradecraft/ui";
import type { ComponentProps } from "react";
import { formatPnl, formatPnlCompact } from "~/lib/format";

/** The equity curve as members see it (dashboard and statistics): signed P&L, compact axis, days in their zone. */
export function MemberEquityCurve({
  timeZone,
  ...curve
}: Pick<ComponentProps<typeof EquityCurveChart>, "title" | "points" | "tradeCount" | "downsampled"> & {
  timeZone: string;
}) {
  const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone });
  return (
    <EquityCurveChart
      {...curve}
      formatMoney={(v) => formatPnl(v)}
      formatAxis={(v) => formatPnlCompact(v)}
      formatDate={(d) => day.format(new Date(d))}
    />
  );
}
