// Bucketing many instants into the member's days and hours. Intl is exact but costs microseconds
// a call, too much for 100,000 trades; a zone's offset changes at most a few times a year, so
// one lookup per UTC day is enough: when a UTC day starts and ends on the same offset, every
// instant in it has that offset (tzdb has no zone that changes twice and back within a day
// since 1970). Only the days of a change fall back to the exact lookup. The result never
// depends on the server's own zone: only UTC getters are used.
import { type LocalTime, WEEKDAYS, zoneOffsetMinutes } from "./time-zone.ts";

const DAY_MS = 86_400_000;

export interface ZoneClock {
  readonly timeZone: string;
  /** What the wall clock in the zone showed at `instant` (ms since the epoch or a Date). */
  local(instant: number | Date): LocalTime;
  /** Minutes the zone is ahead of UTC at `instant`. */
  offsetMinutes(instant: number): number;
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** The calendar day, weekday and hour of a UTC wall-clock instant (already shifted into a zone). */
export function wallClockOf(shiftedMs: number): LocalTime {
  const d = new Date(shiftedMs);
  return {
    day: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    weekday: WEEKDAYS[(d.getUTCDay() + 6) % 7]!,
    hour: d.getUTCHours(),
  };
}

/** A clock for `timeZone` that answers like localTime() but with about one Intl call per UTC day seen. */
export function zoneClock(timeZone: string): ZoneClock {
  // UTC day number → the offset at its first instant.
  const startOffsets = new Map<number, number>();
  const startOffset = (dayNumber: number) => {
    let offset = startOffsets.get(dayNumber);
    if (offset === undefined) {
      offset = zoneOffsetMinutes(new Date(dayNumber * DAY_MS), timeZone);
      startOffsets.set(dayNumber, offset);
    }
    return offset;
  };
  const offsetMinutes = (ms: number) => {
    const dayNumber = Math.floor(ms / DAY_MS);
    const first = startOffset(dayNumber);
    return first === startOffset(dayNumber + 1) ? first : zoneOffsetMinutes(new Date(ms), timeZone);
  };
  return {
    timeZone,
    offsetMinutes,
    local(instant) {
      const ms = typeof instant === "number" ? instant : instant.getTime();
      return wallClockOf(ms + offsetMinutes(ms) * 60_000);
    },
  };
}
