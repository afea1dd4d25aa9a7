import { z } from "zod";
import { DisplayNameSchema } from "../auth/signup.schema.ts";
import { TimeZoneSchema } from "../system/time-zone.schema.ts";

export const COACH_STYLES = ["concise", "detailed"] as const;

export const UpdateProfileInputSchema = z.object({
  displayName: DisplayNameSchema,
  bio: z
    .string()
    .max(500, "Keep your bio to 500 characters")
    .transform((bio) => bio.replace(/\r\n/g, "\n").trim()),
  timeZone: TimeZoneSchema,
  coachStyle: z.enum(COACH_STYLES, { error: "Choose concise or detailed" }),
});
export type UpdateProfileInput = z.infer<typeof UpdateProfileInputSchema>;
