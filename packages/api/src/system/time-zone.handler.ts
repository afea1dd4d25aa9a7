import type { TimeZoneInput } from "./time-zone.schema.ts";

export interface TimeZoneInfo {
  timeZone: string;
  /** Minutes east of UTC right now (negative west of Greenwich). */
  offsetMinutes: number;
  /** The local calendar date there, YYYY-MM-DD: the member's "today". */
  localDate: string;
  localTime: string;
}

/** Where a member's day stands in their time zone at `now`. */
export function describeTimeZone({ timeZone }: TimeZoneInput, now = new Date()): TimeZoneInfo {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  const localDate = `${parts.year}-${parts.month}-${parts.day}`;
  const localTime = `${parts.hour}:${parts.minute}:${parts.second}`;
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  const offsetMinutes = Math.round((asUtc - Math.floor(now.getTime() / 1000) * 1000) / 60_000);
  return { timeZone, offsetMinutes, localDate, localTime };
}
