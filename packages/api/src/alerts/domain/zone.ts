// Calendar questions the alert engine needs answered in a given IANA zone: which day an instant
// falls on (once_per_day) and when the current session began (moving within the session). Only
// Intl and UTC arithmetic (the journal's time-zone helpers): never the server's own zone.
import { localTime, zonedToUtc, zoneOffsetMinutes } from "../../journal/domain/time-zone.ts";

/** Whether `timeZone` is an IANA zone name Intl knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    localTime(new Date(0), timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The calendar day (YYYY-MM-DD) the wall clock in `timeZone` shows at `at` (epoch ms). */
export function dayKey(at: number, timeZone: string): string {
  return localTime(new Date(at), timeZone).day;
}

/** Minutes `timeZone` is ahead of UTC at `at` (New York in winter: −300). */
export function offsetMinutes(at: number, timeZone: string): number {
  return zoneOffsetMinutes(new Date(at), timeZone);
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
  const [year, month, day] = dayKey(at, open.timeZone).split("-").map(Number) as [number, number, number];
  for (const daysBack of [0, 1]) {
    // Date.UTC normalises day 0 to the month's last day; zonedToUtc handles the DST changes.
    const noon = new Date(Date.UTC(year, month - 1, day - daysBack, 12));
    const instant = zonedToUtc(
      {
        year: noon.getUTCFullYear(),
        month: noon.getUTCMonth() + 1,
        day: noon.getUTCDate(),
        hour: open.hour,
        minute: open.minute,
      },
      open.timeZone,
    ).getTime();
    if (instant <= at) return instant;
  }
  throw new Error(`No session open found before ${new Date(at).toISOString()}`);
}
