// The simulated price path: a pure function of (symbol, time), so two processes, or a test and the
// app, agree on every bar without sharing state. A day's open comes from multi-scale value noise
// over the day number (a walk-like path computable for any day without walking from the epoch);
// within a session, minute closes follow a Brownian bridge from that open to the next day's level,
// seeded by symbol and day. Sessions are in New York time (DST-correct through Intl).
import { zoneOffsetMinutes } from "../journal/domain/time-zone.ts";
import { anchorPrice, hashString } from "./simulated-catalog.ts";
import { classifySymbol, normalizeSymbol } from "./symbols.ts";
import type { AssetClass, Bar, MarketSymbol } from "./types.ts";

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
const NEW_YORK = "America/New_York";

/** When a symbol trades: regular US hours, around the clock, or the CME futures week. */
type Calendar = "equity" | "crypto" | "future";

/** One trading session: minutes [start, end) and the day bar's timestamp `dayStart`. */
export interface Session {
  day: number;
  start: number;
  end: number;
  dayStart: number;
}

export interface SymbolModel {
  symbol: MarketSymbol;
  assetClass: AssetClass;
  calendar: Calendar;
  seed: number;
  anchor: number;
  /** Typical daily log-return standard deviation. */
  dailyVol: number;
  /** Typical volume of a whole session. */
  sessionVolume: number;
  decimals: number;
}

const offsets = new Map<number, number>();
/** The instant of `minuteOfDay` on calendar day `day` (days since 1970-01-01) on New York's wall clock. */
export function newYorkTime(day: number, minuteOfDay: number): number {
  // Offsets change at 02:00 local; every session boundary (09:30, 16:00, 17:00, 18:00) shares noon's.
  let offset = offsets.get(day);
  if (offset === undefined) {
    offset = zoneOffsetMinutes(new Date(day * DAY + 16 * HOUR), NEW_YORK);
    offsets.set(day, offset);
  }
  return day * DAY + (minuteOfDay - offset) * MINUTE;
}

/** The session labelled with calendar day `day`, or null when the market is closed all that day. */
export function sessionOn(calendar: Calendar, day: number): Session | null {
  if (calendar === "crypto") return { day, start: day * DAY, end: (day + 1) * DAY, dayStart: day * DAY };
  const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  if (weekday === 0 || weekday === 6) return null;
  const dayStart = newYorkTime(day, 0);
  if (calendar === "equity") return { day, start: newYorkTime(day, 570), end: newYorkTime(day, 960), dayStart };
  // CME: Sunday 18:00 opens Monday's session; each closes 17:00 with an hour's break before the next.
  return { day, start: newYorkTime(day - 1, 1080), end: newYorkTime(day, 1020), dayStart };
}

/** Sessions overlapping [from, to), oldest first. */
export function sessionsBetween(calendar: Calendar, from: number, to: number): Session[] {
  const sessions: Session[] = [];
  for (let day = Math.floor(from / DAY) - 1; day <= Math.floor(to / DAY) + 1; day++) {
    const s = sessionOn(calendar, day);
    if (s && s.end > from && s.start < to) sessions.push(s);
  }
  return sessions;
}

/** The session in progress at `at`, or the last one that ended before it. */
export function sessionAtOrBefore(calendar: Calendar, at: number): Session {
  for (let day = Math.floor(at / DAY) + 1; ; day--) {
    const s = sessionOn(calendar, day);
    if (s && s.start <= at) return s;
  }
}

const models = new Map<string, SymbolModel>();
/** How a symbol's simulated prices behave (memoised: the same for the life of the process). */
export function modelOf(rawSymbol: MarketSymbol): SymbolModel {
  const symbol = normalizeSymbol(rawSymbol);
  let model = models.get(symbol);
  if (model) return model;
  const assetClass = classifySymbol(symbol);
  const calendar: Calendar =
    assetClass === "crypto" ? "crypto" : assetClass === "future" || assetClass === "fx" ? "future" : "equity";
  const seed = hashString(symbol);
  const anchor = anchorPrice(symbol, assetClass);
  const dailyVol = { crypto: 0.035, option: 0.25, etf: 0.011, index: 0.011, future: 0.012, fx: 0.005, stock: 0.018 }[
    assetClass
  ];
  const scale = 1 + (seed % 40);
  const sessionVolume =
    { crypto: 20_000, option: 2_000, future: 40_000, fx: 0, index: 0, etf: 2_000_000, stock: 1_000_000 }[assetClass] *
    scale;
  const decimals = anchor >= 10 ? 2 : anchor >= 0.1 ? 4 : anchor >= 0.001 ? 6 : 8;
  model = { symbol, assetClass, calendar, seed, anchor, dailyVol, sessionVolume, decimals };
  if (models.size > 10_000) models.clear();
  models.set(symbol, model);
  return model;
}

/** A 32-bit mix of three integers (murmur3's finaliser). */
function mix(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b) ^ Math.imul(c, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: a tiny seeded generator of uniform numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The log-deviation of day `day`'s opening level from the anchor, in units of daily volatility. */
function levelNoise(seed: number, day: number): number {
  let sum = 0;
  for (let k = 0; k < 10; k++) {
    const span = 2 ** k;
    const i = Math.floor(day / span);
    const f = day / span - i;
    const a = mix(seed, k, i) / 2 ** 31 - 1;
    const b = mix(seed, k, i + 1) / 2 ** 31 - 1;
    sum += (a + (b - a) * f) * Math.sqrt(span);
  }
  return sum * 0.6;
}

/** Round to the symbol's tick (whole decimals, so aggregates of rounded minutes stay exact). */
function rounder(decimals: number): (price: number) => number {
  const factor = 10 ** decimals;
  return (price) => Math.round(price * factor) / factor;
}

/** The day's opening level before rounding. */
function levelOn(model: SymbolModel, day: number): number {
  return model.anchor * Math.exp(levelNoise(model.seed, day) * model.dailyVol);
}

type MinuteVisitor = (t: number, o: number, h: number, l: number, c: number, v: number, vw: number, n: number) => void;

/** Walks a whole session's minutes, oldest first, handing each bar's fields to `visit` (deterministic per symbol and day). */
function walkSession(model: SymbolModel, session: Session, visit: MinuteVisitor): void {
  const n = Math.round((session.end - session.start) / MINUTE);
  const random = mulberry32(mix(model.seed, 0x5e55, session.day));
  const factor = 10 ** model.decimals;
  const open = levelOn(model, session.day);
  const drift = Math.log(levelOn(model, session.day + 1) / open);
  const step = model.dailyVol / Math.sqrt(n);
  const wick = step * 0.6;
  const perMinute = model.sessionVolume / n;
  const walk = new Float64Array(n + 1);
  // Sum of three uniforms: a bounded, nearly normal step (variance 1 after scaling) for a few ns.
  for (let i = 1; i <= n; i++) walk[i] = walk[i - 1]! + (random() + random() + random() - 1.5) * 2 * step;
  const end = walk[n]!;
  let o = Math.round(open * factor) / factor;
  for (let i = 0; i < n; i++) {
    const x = (i + 1) / n;
    const c = Math.round(open * Math.exp(walk[i + 1]! - x * end + x * drift) * factor) / factor;
    const h = Math.round(Math.max(o, c) * (1 + random() * wick) * factor) / factor;
    const l = Math.round(Math.min(o, c) * (1 - random() * wick) * factor) / factor;
    // U-shaped intraday volume: busier at the open and the close, as real sessions are.
    const v = Math.max(1, Math.round(perMinute * (0.6 + 6.4 * (x - 0.5) ** 2) * (0.4 + random() * 1.2)));
    visit(
      session.start + i * MINUTE,
      o,
      h,
      l,
      c,
      v,
      Math.round(((h + l + c) / 3) * factor) / factor,
      Math.max(1, Math.round(v / 50)),
    );
    o = c;
  }
}

/** Every minute bar of a whole session, oldest first. */
export function sessionMinutes(model: SymbolModel, session: Session): Bar[] {
  const bars: Bar[] = [];
  walkSession(model, session, (t, o, h, l, c, v, vw, n) => bars.push({ t, o, h, l, c, v, vw, n }));
  return bars;
}

/** The whole session's day bar, equal to `aggregate(sessionMinutes(...))` without making the minutes. */
export function sessionBar(model: SymbolModel, session: Session): Bar {
  const bar: Bar = { t: session.dayStart, o: NaN, h: -Infinity, l: Infinity, c: NaN, v: 0, vw: 0, n: 0 };
  let notional = 0;
  walkSession(model, session, (_t, o, h, l, c, v, vw, n) => {
    if (Number.isNaN(bar.o)) bar.o = o;
    if (h > bar.h) bar.h = h;
    if (l < bar.l) bar.l = l;
    bar.c = c;
    bar.v += v;
    bar.n! += n;
    notional += vw * v;
  });
  bar.vw = Math.min(bar.h, Math.max(bar.l, rounder(model.decimals)(notional / bar.v)));
  return bar;
}

/** The bars' aggregate (first open, last close, max high, min low, summed volume) stamped `t`. */
export function aggregate(bars: Bar[], t: number, decimals: number): Bar {
  let h = -Infinity;
  let l = Infinity;
  let v = 0;
  let n = 0;
  let notional = 0;
  for (const b of bars) {
    if (b.h > h) h = b.h;
    if (b.l < l) l = b.l;
    v += b.v;
    n += b.n ?? 0;
    notional += (b.vw ?? b.c) * b.v;
  }
  const vw = v > 0 ? Math.min(h, Math.max(l, rounder(decimals)(notional / v))) : null;
  return { t, o: bars[0]!.o, h, l, c: bars[bars.length - 1]!.c, v, vw, n };
}
