// Watchlists' pure rules (no I/O): how many lists and symbols a member may keep, how a new order
// is checked against the ids a member holds, and which quotes the service marked delayed.

/** A member keeps at most this many lists… */
export const MAX_WATCHLISTS = 20;
/** …of at most this many symbols each. */
export const MAX_SYMBOLS_PER_LIST = 50;
/** One `list` call prices at most this many distinct symbols (one quotes call, this many bar series). */
export const MAX_PRICED_SYMBOLS = 50;
/** The sparkline shows about a month of daily closes. */
export const SPARKLINE_CLOSES = 30;

/**
 * Null when `ordered` holds each of `held` exactly once (any order), else what is wrong, in a
 * sentence naming `what` ("lists", "symbols").
 */
export function orderProblem(ordered: readonly string[], held: readonly string[], what: string): string | null {
  const heldSet = new Set(held);
  const seen = new Set<string>();
  for (const id of ordered) {
    if (!heldSet.has(id)) return `The new order names ${what} that are not yours. Reload the page and try again.`;
    if (seen.has(id)) return `The new order names one of your ${what} twice.`;
    seen.add(id);
  }
  if (seen.size !== heldSet.size) return `The new order must name all ${heldSet.size} of your ${what}, each once.`;
  return null;
}

/** Symbols named by the service's "Delayed: AAPL as of 14:02:11 UTC, BTC as of …." warning. */
export function delayedSymbols(warnings: readonly string[]): Set<string> {
  const symbols = new Set<string>();
  for (const warning of warnings) {
    if (!warning.startsWith("Delayed: ")) continue;
    for (const part of warning.slice("Delayed: ".length).split(", ")) {
      const symbol = part.split(" as of ")[0]?.trim();
      if (symbol) symbols.add(symbol);
    }
  }
  return symbols;
}
