// The one way dates come into the router. z.coerce.date() took anything `new Date()` takes:
// null, true and 0 became 1970-01-01, "x 1" 2001-01-01, 2026-02-30 rolled into March, and year
// 99999 reached the database as a 500. Here only ISO forms of real calendar dates pass, within
// 1970-01-01..2100-12-31, and times of what already happened may not lie in the future.
import { z } from "zod";
import { zonedToUtc } from "../journal/domain/time-zone.ts";
import { fieldError } from "../trpc.ts";
import { safeText } from "./text.ts";

export const FIRST_DAY = "1970-01-01";
export const LAST_DAY = "2100-12-31";
const EARLIEST_MS = Date.UTC(1970, 0, 1);
const LATEST_MS = Date.UTC(2100, 11, 31, 23, 59, 59, 999);
/** How far ahead of our clock a "when it happened" time may be: a client's clock runs a little fast. */
export const CLOCK_SKEW_MS = 5 * 60_000;

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A date and time on a wall clock, zone unknown ("2026-03-02T09:30" from a datetime-local input). */
export class WallClock {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour = 0,
    readonly minute = 0,
    readonly second = 0,
    readonly millisecond = 0,
  ) {}

  /** The instant this wall-clock time names in `timeZone`. */
  in(timeZone: string): Date {
    const { year, month, day, hour, minute, second } = this;
    return new Date(zonedToUtc({ year, month, day, hour, minute, second }, timeZone).getTime() + this.millisecond);
  }
}

/** True when year-month-day is a day of the calendar (2026-02-30 is not). */
export function isRealDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return month >= 1 && month <= 12 && day >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * An ISO date or date-time: the instant when it carries Z or an offset, else its wall-clock
 * reading; null for anything else (another format, 2026-02-30, 24:00, offsets beyond ±23:59).
 */
export function readIsoDateTime(text: string): Date | WallClock | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const [year, month, day, hour = 0, minute = 0, second = 0] = m
    .slice(1, 7)
    .map((part) => Number(part ?? 0)) as number[];
  const millisecond = m[7] ? Number(m[7].slice(0, 3).padEnd(3, "0")) : 0;
  if (!isRealDay(year!, month!, day!) || hour! > 23 || minute! > 59 || second! > 59) return null;
  const wall = new WallClock(year!, month!, day!, hour, minute, second, millisecond);
  const zone = m[8];
  if (zone === undefined) return wall;
  if (zone === "Z") return wall.in("UTC");
  const [, sign, hh, mm] = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  if (Number(hh) > 23 || Number(mm) > 59) return null;
  const offsetMs = (Number(hh) * 60 + Number(mm)) * 60_000 * (sign === "-" ? -1 : 1);
  return new Date(wall.in("UTC").getTime() - offsetMs);
}

/** "2026-03-02": a real calendar day from FIRST_DAY to LAST_DAY. */
export function isCalendarDayInRange(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && readIsoDateTime(text) !== null && text >= FIRST_DAY && text <= LAST_DAY;
}

/** A YYYY-MM-DD day (filters, option expiries): a real calendar day from 1970 to 2100. */
export function calendarDay(message = "Use a date like 2026-03-02") {
  return safeText().refine(isCalendarDayInRange, `${message}, from ${FIRST_DAY} to ${LAST_DAY}`);
}

/** A YYYY-MM month from 1970-01 to 2100-12. */
export function calendarMonth(message = "Use a month like 2026-03") {
  return safeText().refine(
    (text) => /^\d{4}-(0[1-9]|1[0-2])$/.test(text) && isCalendarDayInRange(`${text}-01`),
    `${message}, from 1970-01 to 2100-12`,
  );
}

export interface InstantOptions {
  /** How messages name the field: "Entry time". */
  label: string;
  /** The message when the value is missing (null or undefined on a required field). */
  required?: string;
  /** False for when something happened: later than now plus CLOCK_SKEW_MS is refused. */
  future?: boolean;
}

/** Why `date` cannot be this field's instant (invalid, out of range, in the future), or null. */
export function instantProblem(date: Date, { label, future = true }: InstantOptions, now = Date.now()): string | null {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return `${label} is not a valid date`;
  if (ms < EARLIEST_MS || ms > LATEST_MS) return `${label} must be between ${FIRST_DAY} and ${LAST_DAY}`;
  if (!future && ms > now + CLOCK_SKEW_MS) return `${label} can't be in the future`;
  return null;
}

function instantOf<Out extends Date | WallClock>(options: InstantOptions, settle: (read: Date | WallClock) => Out) {
  const { label, required = `Enter the ${label.toLowerCase()}` } = options;
  const format = `${label} must be a date like 2026-03-02 or a date-time like 2026-03-02T14:30:00Z`;
  return (
    z
      // An empty field (a form's blank input) is a missing value: "Enter …", not a format lesson.
      .custom<Date | string>(
        (value) => value !== undefined && value !== null && !(typeof value === "string" && value.trim() === ""),
        required,
      )
      .transform((value, ctx): Out => {
        // superjson revives Dates; anything else that is not text (numbers, booleans, objects) is refused.
        const read = value instanceof Date ? value : typeof value === "string" ? readIsoDateTime(value.trim()) : null;
        const settled = read === null ? null : settle(read);
        // A wall-clock time's instant waits for the member's zone (resolveInstant); its day is checked now.
        const problem =
          settled === null
            ? format
            : settled instanceof WallClock
              ? instantProblem(settled.in("UTC"), { label })
              : instantProblem(settled, options);
        if (problem) {
          ctx.addIssue({ code: "custom", message: problem });
          return z.NEVER;
        }
        return settled!;
      })
  );
}

/** An instant: a Date, or an ISO date or date-time; without Z or an offset it is read as UTC. */
export function utcInstant(options: InstantOptions) {
  return instantOf(options, (read) => (read instanceof WallClock ? read.in("UTC") : read));
}

/**
 * An instant a member gives: a Date, an ISO date-time with Z or an offset, or a zoneless one
 * (a datetime-local value, or a bare date for midnight) kept as a WallClock for resolveInstant
 * to read in the member's zone.
 */
export function memberInstant(options: InstantOptions) {
  return instantOf(options, (read) => read);
}

/** The instant of a memberInstant value in the member's zone, checked like the schema checks a Date; a field error otherwise. */
export function resolveInstant(
  value: Date | WallClock,
  timeZone: string,
  field: string,
  options: InstantOptions,
): Date {
  const date = value instanceof WallClock ? value.in(timeZone) : value;
  const problem = instantProblem(date, options);
  if (problem) throw fieldError(field, problem);
  return date;
}
