import { zonedToUtc } from "../domain/time-zone.ts";

/** US zone abbreviations brokers print after times, as fixed offsets in minutes. */
const ABBREVIATIONS: Record<string, number> = {
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};
/** "ET", "CT"… name a zone, not an offset: the offset depends on the date. */
const ZONES: Record<string, string> = {
  ET: "America/New_York",
  CT: "America/Chicago",
  MT: "America/Denver",
  PT: "America/Los_Angeles",
};

export class TimestampError extends Error {}

/**
 * A broker's timestamp as an instant. Understands ISO 8601 (with or without offset),
 * IBKR's "YYYYMMDD;HHmmss", US "MM/DD/YYYY HH:mm[:ss]" (with AM/PM or not), and a trailing
 * zone abbreviation (EST, EDT, ET…). A time without any zone is read in `timeZone`.
 */
export function parseTimestamp(raw: string, timeZone: string): Date {
  let text = raw.trim();
  if (!text) throw new TimestampError("is empty");
  const iso = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (iso?.[8]) {
    const date = new Date(text.replace(" ", "T"));
    if (Number.isNaN(date.getTime())) throw new TimestampError(`"${raw}" is not a valid date and time`);
    return date;
  }
  let offset: number | undefined;
  let zone = timeZone;
  const suffix = /\s+([A-Z]{1,4})$/.exec(text);
  if (suffix && !/^(AM|PM)$/.test(suffix[1]!)) {
    const abbreviation = suffix[1]!;
    if (abbreviation in ABBREVIATIONS) offset = ABBREVIATIONS[abbreviation];
    else if (abbreviation in ZONES) zone = ZONES[abbreviation]!;
    else
      throw new TimestampError(
        `unknown time zone "${abbreviation}" in "${raw}" (use EST, EDT, CST, CDT, PST, PDT, ET or UTC)`,
      );
    text = text.slice(0, suffix.index).trim();
  }
  let parts: { year: number; month: number; day: number; hour: number; minute: number; second: number } | null = null;
  let m: RegExpExecArray | null;
  // The date and the time may be apart by "T", spaces, a comma or a semicolon (IBKR Flex writes
  // "2026-03-02,09:30:00", "20260302;093000" and "20260302 093000"); a date alone is its midnight.
  if ((m = /^(\d{4})-(\d{2})-(\d{2})(?:(?:T|\s*[,;]\s*|\s+)(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?$/.exec(text))) {
    parts = {
      year: +m[1]!,
      month: +m[2]!,
      day: +m[3]!,
      hour: +(m[4] ?? 0),
      minute: +(m[5] ?? 0),
      second: +(m[6] ?? 0),
    };
  } else if ((m = /^(\d{4})(\d{2})(\d{2})(?:(?:\s*[,;]\s*|\s+)?(\d{2}):?(\d{2})(?::?(\d{2}))?)?$/.exec(text))) {
    parts = {
      year: +m[1]!,
      month: +m[2]!,
      day: +m[3]!,
      hour: +(m[4] ?? 0),
      minute: +(m[5] ?? 0),
      second: +(m[6] ?? 0),
    };
  } else if (
    (m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:(?:,\s*|\s+)(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i.exec(text))
  ) {
    let hour = +(m[4] ?? 0);
    const meridiem = m[7]?.toUpperCase();
    if (meridiem === "PM" && hour < 12) hour += 12;
    if (meridiem === "AM" && hour === 12) hour = 0;
    const year = m[3]!.length === 2 ? 2000 + +m[3]! : +m[3]!;
    parts = { year, month: +m[1]!, day: +m[2]!, hour, minute: +(m[5] ?? 0), second: +(m[6] ?? 0) };
  }
  if (
    !parts ||
    parts.month < 1 ||
    parts.month > 12 ||
    parts.day < 1 ||
    parts.day > new Date(Date.UTC(parts.year, parts.month, 0)).getUTCDate() ||
    parts.hour > 23 ||
    parts.minute > 59 ||
    parts.second > 59
  ) {
    throw new TimestampError(`"${raw}" is not a date and time we can read (e.g. 2026-03-02T09:30:00-05:00)`);
  }
  if (offset !== undefined) {
    return new Date(
      Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - offset * 60_000,
    );
  }
  return zonedToUtc(parts, zone);
}
