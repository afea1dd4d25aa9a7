// An options chain summed up for a trader (and the coach's get_options_summary): at-the-money
// implied volatility, the put/call open interest ratio, gamma exposure by strike and whether any
// contract expires today (0DTE). Pure: no I/O.
import { localTime } from "../journal/domain/time-zone.ts";
import type { OptionContract, OptionsChain } from "./types.ts";

/** Shares per US equity option contract. */
const CONTRACT_SIZE = 100;
/** Strikes listed in the gamma profile at most: those nearest the underlying's price. */
const MAX_GEX_STRIKES = 30;

export interface GammaAtStrike {
  strike: number;
  /** Dollars of underlying dealers would trade per 1 % move, calls positive and puts negative. */
  gammaExposure: number;
}

export interface OptionsSummary {
  underlying: string;
  underlyingPrice: number | null;
  /** YYYY-MM-DD of the nearest expiration the chain lists (not before today, New York). */
  nearestExpiration: string | null;
  /** Mean of the call's and the put's implied volatility at the strike nearest the price, nearest expiration. */
  atmImpliedVolatility: number | null;
  atmStrike: number | null;
  /** Total put open interest ÷ total call open interest; null without call open interest. */
  putCallOpenInterestRatio: number | null;
  /** Sum over the chain; see GammaAtStrike. */
  totalGammaExposure: number | null;
  gammaExposureByStrike: GammaAtStrike[];
  /** Some contracts expire today (New York): zero days to expiry. */
  hasZeroDte: boolean;
  zeroDteContracts: number;
}

const round = (n: number, places: number) => Number(n.toFixed(places));

/**
 * Gamma exposure of one contract: gamma × open interest × 100 shares × price² × 1 %, the dollar
 * delta change per 1 % move (the usual "GEX" convention: dealers long calls, short puts).
 */
function contractGex(c: OptionContract, price: number): number | null {
  if (c.gamma === null || c.openInterest === null) return null;
  const sign = c.type === "call" ? 1 : -1;
  return sign * c.gamma * c.openInterest * CONTRACT_SIZE * price * price * 0.01;
}

/** Summarises `chain` as of `now` (epoch ms), for today's date in New York (where US options expire). */
export function summarizeOptionsChain(chain: OptionsChain, now: number): OptionsSummary {
  const today = localTime(new Date(now), "America/New_York").day;
  const live = chain.contracts.filter((c) => c.expiration >= today);
  const nearestExpiration = live.reduce<string | null>(
    (min, c) => (min === null || c.expiration < min ? c.expiration : min),
    null,
  );
  const price = chain.underlyingPrice;

  let atmStrike: number | null = null;
  let atmImpliedVolatility: number | null = null;
  if (price !== null && nearestExpiration) {
    const near = live.filter((c) => c.expiration === nearestExpiration);
    atmStrike = near.reduce<number | null>(
      (best, c) => (best === null || Math.abs(c.strike - price) < Math.abs(best - price) ? c.strike : best),
      null,
    );
    const ivs = near
      .filter((c) => c.strike === atmStrike && c.impliedVolatility !== null)
      .map((c) => c.impliedVolatility!);
    atmImpliedVolatility = ivs.length ? round(ivs.reduce((a, b) => a + b, 0) / ivs.length, 4) : null;
  }

  let putOi = 0;
  let callOi = 0;
  for (const c of live) {
    if (c.openInterest === null) continue;
    if (c.type === "put") putOi += c.openInterest;
    else callOi += c.openInterest;
  }

  const byStrike = new Map<number, number>();
  if (price !== null) {
    for (const c of live) {
      const gex = contractGex(c, price);
      if (gex !== null) byStrike.set(c.strike, (byStrike.get(c.strike) ?? 0) + gex);
    }
  }
  const total = [...byStrike.values()].reduce((a, b) => a + b, 0);
  const nearest = [...byStrike.entries()]
    .sort(([a], [b]) => Math.abs(a - price!) - Math.abs(b - price!) || a - b)
    .slice(0, MAX_GEX_STRIKES)
    .sort(([a], [b]) => a - b);
  const zeroDte = live.filter((c) => c.expiration === today).length;

  return {
    underlying: chain.underlying,
    underlyingPrice: price,
    nearestExpiration,
    atmImpliedVolatility,
    atmStrike,
    putCallOpenInterestRatio: callOi > 0 ? round(putOi / callOi, 4) : null,
    totalGammaExposure: byStrike.size ? round(total, 2) : null,
    gammaExposureByStrike: nearest.map(([strike, gex]) => ({ strike, gammaExposure: round(gex, 2) })),
    hasZeroDte: zeroDte > 0,
    zeroDteContracts: zeroDte,
  };
}
