// What a trader reads off an options chain at a glance, for the coach and the market page: the
// at-the-money implied volatility, the put/call open-interest ratio, dealer gamma exposure by
// strike and whether a contract expires today. Pure: the chain and a clock in, numbers out.
import { localTime } from "../journal/domain/time-zone.ts";
import type { OptionContract, OptionsChain } from "./types.ts";

export interface StrikeGammaExposure {
  strike: number;
  /** Dollars of delta change per 1 % move in the underlying (calls positive, puts negative). */
  gex: number;
}

export interface OptionsChainSummary {
  underlying: string;
  underlyingPrice: number | null;
  /** The expiration the ATM volatility is read at, YYYY-MM-DD. */
  atmExpiration: string | null;
  /** Mean implied volatility of the call and put at the strike nearest the underlying, 0.25 = 25 %. */
  atmImpliedVolatility: number | null;
  callOpenInterest: number;
  putOpenInterest: number;
  /** Put open interest over call open interest; null without call open interest. */
  putCallOpenInterestRatio: number | null;
  /** Summed over expirations, by strike, ascending; empty without an underlying price. */
  gexByStrike: StrikeGammaExposure[];
  totalGex: number | null;
  /** A contract expires today in New York (0DTE). */
  hasZeroDte: boolean;
  expirations: string[];
}

/** GEX of one contract: gamma × open interest × 100 shares × spot² × 1 %, negative for puts (dealers short them). */
export function contractGex(contract: Pick<OptionContract, "type" | "gamma" | "openInterest">, spot: number): number | null {
  if (contract.gamma === null || contract.openInterest === null) return null;
  const gex = contract.gamma * contract.openInterest * 100 * spot * spot * 0.01;
  return contract.type === "call" ? gex : -gex;
}

/** The chain's ATM IV, put/call OI ratio, GEX by strike and total, and its 0DTE flag at `now`. */
export function summarizeOptionsChain(chain: OptionsChain, now: number): OptionsChainSummary {
  const today = localTime(new Date(now), "America/New_York").day;
  const live = chain.contracts.filter((c) => c.expiration >= today);
  const expirations = [...new Set(live.map((c) => c.expiration))].sort();
  const spot = chain.underlyingPrice;

  let callOpenInterest = 0;
  let putOpenInterest = 0;
  const byStrike = new Map<number, number>();
  for (const c of live) {
    if (c.type === "call") callOpenInterest += c.openInterest ?? 0;
    else putOpenInterest += c.openInterest ?? 0;
    const gex = spot === null ? null : contractGex(c, spot);
    if (gex !== null) byStrike.set(c.strike, (byStrike.get(c.strike) ?? 0) + gex);
  }
  const gexByStrike = [...byStrike]
    .sort(([a], [b]) => a - b)
    .map(([strike, gex]) => ({ strike, gex: Math.round(gex) }));

  // Today's 0DTE volatility swings with the last hours' gamma: read ATM volatility a session out when listed.
  const atmExpiration = expirations.find((e) => e > today) ?? expirations[0] ?? null;
  return {
    underlying: chain.underlying,
    underlyingPrice: spot,
    atmExpiration,
    atmImpliedVolatility: atmExpiration && spot !== null ? atmVolatility(live.filter((c) => c.expiration === atmExpiration), spot) : null,
    callOpenInterest,
    putOpenInterest,
    putCallOpenInterestRatio: callOpenInterest > 0 ? Math.round((putOpenInterest / callOpenInterest) * 1000) / 1000 : null,
    gexByStrike,
    totalGex: spot === null ? null : gexByStrike.reduce((sum, s) => sum + s.gex, 0),
    hasZeroDte: expirations[0] === today,
    expirations,
  };
}

/** Mean IV of the contracts at the strike nearest `spot` (those with an IV). */
function atmVolatility(contracts: OptionContract[], spot: number): number | null {
  const priced = contracts.filter((c) => c.impliedVolatility !== null && c.impliedVolatility > 0);
  if (!priced.length) return null;
  const nearest = priced.reduce((best, c) => (Math.abs(c.strike - spot) < Math.abs(best - spot) ? c.strike : best), priced[0]!.strike);
  const ivs = priced.filter((c) => c.strike === nearest).map((c) => c.impliedVolatility!);
  return Math.round((ivs.reduce((a, b) => a + b, 0) / ivs.length) * 10_000) / 10_000;
}
