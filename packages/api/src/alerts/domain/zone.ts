// Calendar questions the alert engine needs answered in a given IANA zone: which day an instant
// falls on (once_per_day) and when the current session began (moving within the session). Only
// Intl and UTC arithmetic: the result never depends on the server's own zone.

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallClock(at: number, timeZone: string) {
  const p: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) p[part.type] = part.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
  };
}

/** Whether `timeZone` is an IANA zone name Intl knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The calendar day (YYYY-MM-DD) the wall clock in `timeZone` shows at `at` (epoch ms). */
export function dayKey(at: number, timeZone: string): string {
  const { year, month, day } = wallClock(at, timeZone);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Minutes `timeZone` is ahead of UTC at `at` (New York in winter: −300). */
export function offsetMinutes(at: number, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60_000);
}

/** When a session opens: a wall-clock time in a zone, every calendar day. */
export interface SessionOpen {
  timeZone: string;
  hour: number;
  minute: number;
}

// US stocks: the regular session opens at 09:30 New York time. Weekends and holidays are not
// modelled: no samples arrive then, and a session with no samples has no reference to compare.
export const STOCK_SESSION: SessionOpen = { timeZone: "America/New_York", hour: 9, minute: 30 };
// Crypto trades around the clock; its "session" is the UTC day, as on most exchanges' 24 h stats.
export const CRYPTO_SESSION: SessionOpen = { timeZone: "UTC", hour: 0, minute: 0 };

/** The latest instant at or before `at` at which `open` happened (epoch ms). */
export function sessionStart(at: number, open: SessionOpen): number {
  const today = wallClock(at, open.timeZone);
  for (const daysBack of [0, 1]) {
    const naive = Date.UTC(today.year, today.month - 1, today.day - daysBack, open.hour, open.minute);
    // Two passes: the offset at the guessed instant is right unless a DST change falls between
    // the guess and the answer, which the second pass corrects.
    const guess = naive - offsetMinutes(naive, open.timeZone) * 60_000;
    const instant = naive - offsetMinutes(guess, open.timeZone) * 60_000;
    if (instant <= at) return instant;
  }
  throw new Error(`No session open found before ${new Date(at).toISOString()}`);
}
