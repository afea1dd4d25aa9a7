// market.bars: the candles of one symbol over a period, and the period itself (the chart's
// caption and the timespan links show it, including the default one chosen by the schema).
import type { Bar, MarketData, MarketResult, Timespan } from "./types.ts";
import type { BarsInput } from "./bars.schema.ts";

/**
 * Bars from..to (epoch ms) oldest first, with the period and the bar size they ARE: when the asked
 * size fails with nothing stale to serve, coarser bars come instead (with a warning), so a chart
 * shows what worked rather than nothing.
 */
export async function bars(
  market: MarketData,
  input: BarsInput,
): Promise<MarketResult<Bar[]> & { symbol: string; timespan: Timespan; from: number; to: number }> {
  const result = await market.bars(input.symbol, input.timespan, input.from, input.to, { coarser: true });
  return { ...result, symbol: input.symbol, from: input.from, to: input.to };
}
