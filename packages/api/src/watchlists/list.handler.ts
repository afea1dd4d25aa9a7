// watchlists.list: the member's lists with their symbols, each priced from one quotes call and
// drawn from a month of daily closes. Market trouble never fails the page: prices come back null
// with `marketUnavailable` (all down) or per symbol (that one failed).
import { TRPCError } from "@trpc/server";
import { MarketUnavailableError, type MarketResult, type Quote } from "../market/types.ts";
import {
  delayedSymbols,
  MAX_PRICED_SYMBOLS,
  MAX_SYMBOLS_PER_LIST,
  MAX_WATCHLISTS,
  SPARKLINE_CLOSES,
} from "./limits.ts";
import type { ListWatchlistsInput } from "./schemas.ts";
import type { MemberContext } from "./watchlists.handler.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Calendar days that hold SPARKLINE_CLOSES sessions of a stock (weekends and holidays). */
const SPARKLINE_SPAN_MS = 46 * DAY_MS;

export interface WatchlistQuote {
  price: number;
  change: number | null;
  changePercent: number | null;
  /** When the price was made, epoch ms. */
  at: number;
}

export interface WatchlistEntry {
  id: string;
  symbol: string;
  position: number;
  /** Null when prices are unavailable, the symbol failed, or it was past the per-call budget (`priced: false`). */
  quote: WatchlistQuote | null;
  simulated: boolean;
  /** The provider failed and this is its last good price, as of `asOf`. */
  stale: boolean;
  asOf: number | null;
  /** The last ~30 daily closes, oldest first; null when unavailable. */
  sparkline: number[] | null;
  /** False when this symbol was beyond the MAX_PRICED_SYMBOLS asked for in this call. */
  priced: boolean;
}

/** The member's lists in their order, each symbol with its quote and sparkline where the market answers. */
export async function listWatchlists(ctx: MemberContext, input: ListWatchlistsInput) {
  const lists = await ctx.prisma.watchlist.findMany({
    where: { userId: ctx.user.id },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      name: true,
      position: true,
      items: {
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
        select: { id: true, symbol: true, position: true },
      },
    },
  });
  if (input.watchlistId && !lists.some((l) => l.id === input.watchlistId))
    throw new TRPCError({ code: "NOT_FOUND", message: "That watchlist was not found." });
  // The asked-for list first, then the others in page order, up to the budget.
  const ordered = [...lists].sort((a, b) => Number(b.id === input.watchlistId) - Number(a.id === input.watchlistId));
  const priced = [...new Set(ordered.flatMap((l) => l.items.map((i) => i.symbol)))].slice(0, MAX_PRICED_SYMBOLS);
  const [quotes, sparklines] = await Promise.all([quotesOf(ctx, priced), sparklinesOf(ctx, priced)]);
  const byPrice = new Map((quotes?.data ?? []).map((q) => [q.symbol, q]));
  const delayed = quotes?.stale ? delayedSymbols(quotes.warnings) : new Set<string>();
  const pricedSet = new Set(priced);
  return {
    lists: lists.map((list) => ({
      ...list,
      items: list.items.map((item): WatchlistEntry => {
        const quote = byPrice.get(item.symbol);
        const stale = delayed.has(item.symbol);
        return {
          ...item,
          quote: quote
            ? { price: quote.price, change: quote.change, changePercent: quote.changePercent, at: quote.at }
            : null,
          simulated: ctx.market.providerFor(item.symbol).simulated,
          stale,
          asOf: quote ? (stale ? (quotes?.asOf ?? null) : quote.at) : null,
          sparkline: sparklines.get(item.symbol) ?? null,
          priced: pricedSet.has(item.symbol),
        };
      }),
    })),
    limits: { lists: MAX_WATCHLISTS, symbolsPerList: MAX_SYMBOLS_PER_LIST, pricedPerCall: MAX_PRICED_SYMBOLS },
    /** Every price is missing because the market service is down. */
    marketUnavailable: priced.length > 0 && quotes === null,
    /** What the market service said went wrong for some symbols (empty when all is well). */
    warnings: quotes?.warnings.filter((w) => !w.startsWith("Simulated: ")) ?? [],
  };
}

async function quotesOf(ctx: MemberContext, symbols: string[]): Promise<MarketResult<Quote[]> | null> {
  if (!symbols.length)
    return { data: [], source: "simulated", simulated: true, stale: false, asOf: Date.now(), warnings: [] };
  try {
    return await ctx.market.quotes(symbols);
  } catch (error) {
    if (error instanceof MarketUnavailableError) return null;
    throw error;
  }
}

/** Each symbol's last SPARKLINE_CLOSES daily closes, all series fetched at once through the service's cache. */
async function sparklinesOf(ctx: MemberContext, symbols: string[]): Promise<Map<string, number[]>> {
  // The window ends on the next whole hour so that every call within the hour shares cache entries.
  const to = Math.ceil(Date.now() / HOUR_MS) * HOUR_MS;
  const from = to - SPARKLINE_SPAN_MS;
  const series = await Promise.allSettled(symbols.map((symbol) => ctx.market.bars(symbol, "day", from, to)));
  const closes = new Map<string, number[]>();
  series.forEach((result, i) => {
    if (result.status === "fulfilled" && result.value.data.length >= 2)
      closes.set(
        symbols[i]!,
        result.value.data.slice(-SPARKLINE_CLOSES).map((bar) => bar.c),
      );
    else if (result.status === "rejected")
      ctx.logger.debug({ symbol: symbols[i], err: result.reason }, "watchlist sparkline unavailable");
  });
  return closes;
}
