// The member's days: every bucket (day, weekday, hour) is computed in their IANA time zone,
// whatever zone the server runs in.

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string) {
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
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface LocalTime {
  /** YYYY-MM-DD in the zone. */
  day: string;
  weekday: Weekday;
  hour: number;
}

/** What the wall clock in `timeZone` showed at `instant`. */
export function localTime(instant: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    partsFormatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: parts.weekday as Weekday,
    hour: Number(parts.hour),
  };
}

/** Minutes the zone is ahead of UTC at `instant` (New York in winter: −300). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const p = Object.fromEntries(
    partsFormatter(timeZone)
      .formatToParts(instant)
      .map((x) => [x.type, x.value]),
  );
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant a wall-clock time in `timeZone` names. A time skipped by a spring-forward change
 * moves forward by the gap (02:30 → 03:30), as calendars do; in a fall-back overlap, the
 * earlier of the two instants.
 */
export function zonedToUtc(
  {
    year,
    month,
    day,
    hour = 0,
    minute = 0,
    second = 0,
  }: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  timeZone: string,
): Date {
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  const before = zoneOffsetMinutes(new Date(naive - 14 * 3_600_000), timeZone);
  const after = zoneOffsetMinutes(new Date(naive + 14 * 3_600_000), timeZone);
  const candidates = [...new Set([before, after])].map((offset) => naive - offset * 60_000);
  const valid = candidates.filter(
    (instant) => instant + zoneOffsetMinutes(new Date(instant), timeZone) * 60_000 === naive,
  );
  if (valid.length) return new Date(Math.min(...valid));
  return new Date(naive - before * 60_000);
}

/** [start, end) instants of the member's days `from`..`to` (YYYY-MM-DD, inclusive). */
export function dayRangeToUtc(
  from: string | undefined,
  to: string | undefined,
  timeZone: string,
): { gte?: Date; lt?: Date } {
  const parse = (d: string) => d.split("-").map(Number) as [number, number, number];
  const range: { gte?: Date; lt?: Date } = {};
  if (from) {
    const [year, month, day] = parse(from);
    range.gte = zonedToUtc({ year, month, day }, timeZone);
  }
  if (to) {
    const [year, month, day] = parse(to);
    const next = new Date(Date.UTC(year, month - 1, day + 1));
    range.lt = zonedToUtc(
      { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() },
      timeZone,
    );
  }
  return range;
}

export { WEEKDAYS };
