import { z } from "zod";
import { calendarDay } from "../validation/dates.ts";
import { UserIdSchema } from "./users.schema.ts";

export const USAGE_KINDS = ["conversations", "messages", "gradings"] as const;

export const ResetUsageInputSchema = UserIdSchema.extend({
  kind: z.enum(USAGE_KINDS, { error: "Choose conversations, messages or gradings" }).optional(),
});

export const AI_COST_GROUPS = ["day", "model", "member"] as const;
/** The longest range the cost page aggregates at once. */
export const AI_COST_MAX_DAYS = 366;

const day = calendarDay("Use a date like 2026-03-31");

/** Days are UTC calendar days and both ends are included. */
export const AiCostsInputSchema = z
  .object({
    from: day.optional(),
    to: day.optional(),
    groupBy: z.enum(AI_COST_GROUPS, { error: "Group by day, model or member" }).default("day"),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ["to"], message: "The end date is before the start date" })
  .refine((f) => !f.from || !f.to || Date.parse(f.to) - Date.parse(f.from) < AI_COST_MAX_DAYS * 86_400_000, {
    path: ["to"],
    message: `Choose at most ${AI_COST_MAX_DAYS} days`,
  });
