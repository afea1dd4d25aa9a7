// The simulated options chain and earnings calendar. Prices and greeks come from Black–Scholes on
// a volatility smile (puts richer than calls, as index skew is), so the numbers hang together:
// parity holds, deltas run from 1 to 0 across strikes, and 0DTE gamma is sharp at the money.
import { blackScholes } from "./black-scholes.ts";
import { DAY, mulberry32, newYorkTime, type SymbolModel } from "./simulated-path.ts";
import type { EarningsEvent, OptionContract, OptionsChain } from "./types.ts";

/** The rate the simulated chain is priced at. */
export const SIMULATED_RATE = 0.04;
const YEAR = 365 * DAY;

function isoDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** Calendar day (days since the epoch) of the New York date at `at`. */
export function newYorkDay(at: number): number {
  const day = Math.floor(at / DAY);
  return at < newYorkTime(day, 0) ? day - 1 : at >= newYorkTime(day + 1, 0) ? day + 1 : day;
}

/** Expirations listed at `now`: today when a weekday before the 16:00 close (0DTE), the next Fridays and the next monthly. */
export function expirationDays(now: number): number[] {
  const today = newYorkDay(now);
  const weekday = (today + 4) % 7;
  const days = new Set<number>();
  if (weekday >= 1 && weekday <= 5 && now < newYorkTime(today, 960)) days.add(today);
  const friday = today + ((5 - weekday + 7) % 7 || 7);
  for (let i = 0; i < 3; i++) days.add(friday + i * 7);
  // The third Friday of the month after next: a monthly a few weeks out.
  const d = new Date((today + 45) * DAY);
  const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY;
  days.add(first + ((5 - ((first + 4) % 7) + 7) % 7) + 14);
  return [...days].sort((a, b) => a - b);
}

/** A strike spacing that gives about 1.25 % steps on a round number (1, 2.5, 5 × 10^n). */
function strikeStep(spot: number): number {
  const raw = spot * 0.0125;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
}

function cents(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The simulated chain of `model`'s symbol around `spot`, priced at `now`. */
export function simulatedChain(model: SymbolModel, spot: number, now: number): OptionsChain {
  const random = mulberry32(model.seed ^ newYorkDay(now));
  const step = strikeStep(spot);
  const atm = Math.round(spot / step) * step;
  const baseVol = Math.min(1.2, model.dailyVol * Math.sqrt(252) * 1.1);
  const contracts: OptionContract[] = [];
  for (const expiry of expirationDays(now)) {
    const expiration = isoDay(expiry);
    const years = Math.max(MIN_YEARS, (newYorkTime(expiry, 960) - now) / YEAR);
    for (let i = -10; i <= 10; i++) {
      const strike = Number((atm + i * step).toPrecision(12));
      if (strike <= 0) continue;
      const moneyness = Math.log(strike / spot) / Math.sqrt(Math.max(years, 1 / 52));
      const iv = Math.min(3, Math.max(0.05, baseVol * (1 - 0.35 * moneyness + 0.6 * moneyness * moneyness)));
      for (const type of ["call", "put"] as const) {
        const g = blackScholes({ type, spot, strike, years, volatility: iv, rate: SIMULATED_RATE });
        const mid = g.price;
        const half = Math.max(0.005, mid * 0.01);
        const nearness = Math.exp(-Math.abs(i) / 4);
        const yymmdd = expiration.slice(2).replaceAll("-", "");
        contracts.push({
          ticker: `O:${model.symbol}${yymmdd}${type === "call" ? "C" : "P"}${String(Math.round(strike * 1000)).padStart(8, "0")}`,
          type,
          strike,
          expiration,
          bid: cents(Math.max(0, mid - half)),
          ask: cents(mid + half),
          last: cents(mid),
          impliedVolatility: Math.round(iv * 10_000) / 10_000,
          delta: g.delta,
          gamma: g.gamma,
          theta: g.theta,
          vega: g.vega,
          openInterest: Math.round(200 + 20_000 * nearness * (0.3 + random())),
          volume: Math.round(50 + 8_000 * nearness * random()),
        });
      }
    }
  }
  return { underlying: model.symbol, underlyingPrice: spot, at: now, contracts };
}
/** One minute: a 0DTE contract priced at its close still has a little time value. */
const MIN_YEARS = 60_000 / YEAR;

/** The symbol's earnings: the last four quarters' reports and the next one, on a seeded day each quarter. */
export function simulatedEarnings(model: SymbolModel, now: number): EarningsEvent[] {
  if (model.assetClass !== "stock") return [];
  const offset = 18 + (model.seed % 25); // days after the quarter ends, as companies report
  const time = model.seed % 2 === 0 ? "amc" : "bmo";
  const d = new Date(now);
  const events: EarningsEvent[] = [];
  for (let q = -5; q <= 2; q++) {
    const quarterEnd = Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3 + q * 3, 1) / DAY;
    let day = quarterEnd + offset;
    while ((day + 4) % 7 === 0 || (day + 4) % 7 === 6) day++;
    const random = mulberry32(model.seed ^ day);
    const eps = cents((model.anchor / 80) * (0.8 + random() * 0.4));
    const revenue = Math.round((model.sessionVolume * model.anchor * (0.5 + random())) / 1e4) * 1e4;
    const reported = newYorkTime(day, time === "bmo" ? 480 : 975) <= now;
    events.push({
      symbol: model.symbol,
      date: isoDay(day),
      time,
      epsEstimate: eps,
      epsActual: reported ? cents(eps * (0.9 + random() * 0.25)) : null,
      revenueEstimate: revenue,
      revenueActual: reported ? Math.round(revenue * (0.95 + random() * 0.1)) : null,
    });
  }
  const past = events.filter((e) => e.epsActual !== null).slice(-4);
  const next = events.find((e) => e.epsActual === null);
  return next ? [...past, next] : past;
}
