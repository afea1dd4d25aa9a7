// How an option leg is named where a strategy lists its legs.
import { formatPrice } from "./format";

const expiryFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "2-digit",
  timeZone: "UTC",
});

/** "SPY 20 Mar 26 575 put" for an option leg; "SPY shares" for a stock leg (a covered call's). */
export function contractName(leg: {
  symbol: string;
  option: { expiry: string; strike: string; right: "call" | "put" } | null;
}): string {
  if (!leg.option) return `${leg.symbol} shares`;
  const expiry = expiryFormat.format(new Date(`${leg.option.expiry}T00:00:00Z`));
  return `${leg.symbol} ${expiry} ${formatPrice(leg.option.strike)} ${leg.option.right}`;
}
