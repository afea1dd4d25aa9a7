import { localTime } from "@tradecraft/api";

export interface MonthRange {
  /** YYYY-MM. */
  month: string;
  /** First and last day (YYYY-MM-DD) in the member's zone, as the journal's from/to filters take them. */
  from: string;
  to: string;
}

const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, "0");

/**
 * This month and last month on the member's calendar at `now`: "this month" runs from its first
 * day to today, so a comparison with last month's whole month is of what has happened so far.
 */
export function monthsToCompare(now: Date, timeZone: string): { thisMonth: MonthRange; lastMonth: MonthRange } {
  const today = localTime(now, timeZone).day;
  const [year, month] = today.split("-").map(Number) as [number, number];
  const lastYear = month === 1 ? year - 1 : year;
  const last = month === 1 ? 12 : month - 1;
  const lastMonth = `${lastYear}-${pad(last)}`;
  return {
    thisMonth: { month: today.slice(0, 7), from: `${today.slice(0, 7)}-01`, to: today },
    lastMonth: { month: lastMonth, from: `${lastMonth}-01`, to: `${lastMonth}-${pad(lastDayOf(lastYear, last))}` },
  };
}
