// Inputs of the analytics procedures: the journal list's filters, plus what each view needs.
import { z } from "zod";
import { BREAKDOWN_DIMENSIONS } from "./domain/breakdown.ts";
import { daySpan, isCalendarDay, MAX_CALENDAR_DAYS } from "./domain/calendar.ts";
import { calendarDay as day, calendarMonth } from "../validation/dates.ts";
import { TradeFiltersSchema } from "./schemas.ts";

export const BreakdownInputSchema = z.object({
  filters: TradeFiltersSchema.default({}),
  by: z.enum(BREAKDOWN_DIMENSIONS, { error: `Break down by one of: ${BREAKDOWN_DIMENSIONS.join(", ")}` }),
});
export type BreakdownInput = z.infer<typeof BreakdownInputSchema>;

export const EquityCurveInputSchema = z.object({ filters: TradeFiltersSchema.default({}) });
export type EquityCurveInput = z.infer<typeof EquityCurveInputSchema>;

const calendarDay = day();

/** A month (YYYY-MM), or a range of days of at most 370; neither means the member's current month. */
export const CalendarInputSchema = z
  .object({
    filters: TradeFiltersSchema.default({}),
    month: calendarMonth().optional(),
    start: calendarDay.optional(),
    end: calendarDay.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.month && (input.start || input.end))
      ctx.addIssue({ code: "custom", path: ["month"], message: "Give a month or a range of days, not both" });
    if (!input.start !== !input.end)
      ctx.addIssue({
        code: "custom",
        path: [input.start ? "end" : "start"],
        message: "Give both the first and the last day",
      });
    if (input.start && input.end && isCalendarDay(input.start) && isCalendarDay(input.end)) {
      const span = daySpan(input.start, input.end);
      if (span < 1) ctx.addIssue({ code: "custom", path: ["end"], message: "The last day is before the first" });
      else if (span > MAX_CALENDAR_DAYS)
        ctx.addIssue({ code: "custom", path: ["end"], message: `A calendar covers at most ${MAX_CALENDAR_DAYS} days` });
    }
  });
export type CalendarInput = z.infer<typeof CalendarInputSchema>;
