// Inputs of alerts.*: what a member sets on an alert. The condition, frequency and message rules
// live in domain/; this adds the symbol (Step 8's symbols), the expiry (a future instant) and ids.
import { z } from "zod";
import { MarketTimeSchema } from "../market/bars.schema.ts";
import { MarketSymbolSchema } from "../validation/market.ts";
import { AlertConditionSchema } from "./domain/conditions.ts";
import { AlertFrequencySchema } from "./domain/frequency.ts";
import { IdSchema } from "../validation/text.ts";
import { AlertMessageTemplateSchema, DEFAULT_MESSAGE_TEMPLATE } from "./domain/message.ts";

/** An expiry after now (ISO text or epoch ms); empty or null for none. */
const ExpirySchema = z.preprocess(
  (v) => (v === "" ? null : v),
  MarketTimeSchema.nullable()
    .optional()
    .refine((ms) => ms == null || ms > Date.now(), { error: "Choose an expiry in the future" }),
);

/** What alerts.create takes, and alerts.update with the alert's id. */
export const AlertInputSchema = z.object({
  symbol: MarketSymbolSchema,
  condition: AlertConditionSchema,
  frequency: AlertFrequencySchema.default("only_once"),
  /** Blank: the default message. */
  message: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v),
    AlertMessageTemplateSchema.default(DEFAULT_MESSAGE_TEMPLATE),
  ),
  expiresAt: ExpirySchema,
});
export type AlertInput = z.output<typeof AlertInputSchema>;

export const UpdateAlertInputSchema = AlertInputSchema.extend({ alertId: IdSchema });
export type UpdateAlertInput = z.output<typeof UpdateAlertInputSchema>;

export const AlertIdInputSchema = z.strictObject({ alertId: IdSchema });

export const ListAlertsInputSchema = z.strictObject({ symbol: MarketSymbolSchema.optional() }).optional();

export const AlertEventsInputSchema = z
  .strictObject({
    alertId: IdSchema.optional(),
    /** The id of the last firing of the previous page. */
    cursor: IdSchema.nullish(),
  })
  .optional();
