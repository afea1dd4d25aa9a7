import { z } from "zod";
import { utcInstant } from "../validation/dates.ts";
import { IdSchema, safeText } from "../validation/text.ts";

export const USERS_PAGE_SIZE = 50;

export const UserIdSchema = z.object({ userId: IdSchema });

export const ListUsersInputSchema = z.object({
  query: safeText().trim().max(100, "Search with at most 100 characters").optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export const SetTierInputSchema = UserIdSchema.extend({
  tier: z.enum(["FREE", "PRO"], { error: "Choose FREE or PRO" }),
});
export const SetLockInputSchema = UserIdSchema.extend({ locked: z.boolean() });

export const ListAuditInputSchema = z
  .object({
    userId: safeText().trim().max(64, "Use at most 64 characters for the user id").optional(),
    action: safeText().trim().max(100, "Use at most 100 characters for the action").optional(),
    // The admin app sends the ends of UTC days; zoneless text is read as UTC too.
    from: utcInstant({ label: "From" }).optional(),
    to: utcInstant({ label: "To" }).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    path: ["to"],
    message: "The end date is before the start date",
  });

export const EMAIL_STATUSES = ["QUEUED", "SENT", "FAILED", "NOT_SENT"] as const;

export const ListOutboxInputSchema = z.object({
  status: z.enum(EMAIL_STATUSES, { error: "Choose a status from the list" }).optional(),
  to: safeText().trim().max(254, "Search with at most 254 characters").optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
