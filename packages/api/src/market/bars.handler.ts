// market.bars: the candles of one symbol over a period, and the period itself (the chart's
// caption and the timespan links show it, including the default one chosen by the schema).
import type { Bar, MarketData, MarketResult, Timespan } from "./types.ts";
import type { BarsInput } from "./bars.schema.ts";

/** Bars from..to (epoch ms) oldest first, with the period and bar size they answer. */
export async function bars(
  market: MarketData,
  input: BarsInput,
): Promise<MarketResult<Bar[]> & { symbol: string; timespan: Timespan; from: number; to: number }> {
  const result = await market.bars(input.symbol, input.timespan, input.from, input.to);
  return { ...result, symbol: input.symbol, timespan: input.timespan, from: input.from, to: input.to };
}
