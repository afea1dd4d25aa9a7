import { formatPnl, pnlTone } from "~/lib/format";

/** A P&L figure: always signed ("+$43.00", "-$21.00"), green above zero, red below, plain at zero. */
export function Pnl({ value, currency }: { value: string | number | null | undefined; currency?: string }) {
  return <span className={`tc-pnl tc-pnl--${pnlTone(value)}`}>{formatPnl(value, currency)}</span>;
}
