import { z } from "zod";
import { IdSchema, safeMultilineText } from "../validation/text.ts";

export const PRO_REQUEST_MESSAGE_MAX = 500;

export const RequestProInputSchema = z.object({
  // An empty box is no message.
  message: safeMultilineText()
    .trim()
    .max(PRO_REQUEST_MESSAGE_MAX, `Write at most ${PRO_REQUEST_MESSAGE_MAX} characters`)
    .optional()
    .transform((text) => text || undefined),
});
export type RequestProInput = z.infer<typeof RequestProInputSchema>;

export const ProRequestIdSchema = z.object({ requestId: IdSchema });

export const PRO_REQUEST_STATUSES = ["REQUESTED", "APPROVED", "DECLINED", "CANCELLED"] as const;

export const ListProRequestsInputSchema = z.object({
  status: z.enum(PRO_REQUEST_STATUSES, { error: "Choose a status from the list" }).default("REQUESTED"),
  userId: IdSchema.optional(),
});

export const DecideProRequestInputSchema = ProRequestIdSchema.extend({
  decision: z.enum(["approve", "decline"], { error: "Choose approve or decline" }),
});
