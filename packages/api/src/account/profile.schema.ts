import { z } from "zod";
import { safeMultilineText, safeText } from "../validation/text.ts";
import { DisplayNameSchema } from "../auth/signup.schema.ts";
import { TimeZoneSchema } from "../system/time-zone.schema.ts";

export const COACH_STYLES = ["concise", "detailed"] as const;

export const UpdateProfileInputSchema = z.object({
  displayName: DisplayNameSchema,
  bio: safeMultilineText()
    .max(500, "Keep your bio to 500 characters")
    .transform((bio) => bio.replace(/\r\n/g, "\n").trim()),
  timeZone: TimeZoneSchema,
  coachStyle: z.enum(COACH_STYLES, { error: "Choose concise or detailed" }),
  /** Dollars either side of zero that count as a scratch; omitted = keep the current band. */
  breakevenBand: z
    .union([z.number(), safeText().trim()])
    .transform((value) => (value === "" ? 0 : Number(value)))
    .pipe(
      z
        .number({ error: "Enter an amount like 5 or 2.50" })
        .min(0, "The band can't be negative")
        .max(10_000, "Keep the band to $10,000 or less"),
    )
    .transform((value) => Math.round(value * 100) / 100)
    .optional(),
});
export type UpdateProfileInput = z.infer<typeof UpdateProfileInputSchema>;

/** The home page's time-zone offer: a zone to use, or none to keep the current one. */
export const ConfirmTimeZoneInputSchema = z.object({ timeZone: TimeZoneSchema.optional() });
export type ConfirmTimeZoneInput = z.infer<typeof ConfirmTimeZoneInputSchema>;
