import { z } from "zod";

export const USERS_PAGE_SIZE = 50;

export const UserIdSchema = z.object({ userId: z.string().min(1).max(64) });

export const ListUsersInputSchema = z.object({
  query: z.string().trim().max(100, "Search with at most 100 characters").optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export const SetTierInputSchema = UserIdSchema.extend({ tier: z.enum(["FREE", "PRO"], { error: "Choose FREE or PRO" }) });
export const SetLockInputSchema = UserIdSchema.extend({ locked: z.boolean() });

export const ListAuditInputSchema = z
  .object({
    userId: z.string().trim().max(64).optional(),
    action: z.string().trim().max(100).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ["to"], message: "The end date is before the start date" });

export const EMAIL_STATUSES = ["QUEUED", "SENT", "FAILED", "NOT_SENT"] as const;

export const ListOutboxInputSchema = z.object({
  status: z.enum(EMAIL_STATUSES, { error: "Choose a status from the list" }).optional(),
  to: z.string().trim().max(254, "Search with at most 254 characters").optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
