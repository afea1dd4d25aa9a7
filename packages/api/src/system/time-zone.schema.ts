import { z } from "zod";
import { safeText } from "../validation/text.ts";

/** True for a time zone the runtime's IANA database knows ("Europe/London", "UTC"). */
export function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

export const TimeZoneSchema = safeText()
  .trim()
  .min(1, "Choose a time zone")
  .max(64, "That is longer than any time zone name")
  .refine(isIanaTimeZone, "Not a known IANA time zone (e.g. America/New_York)");

export const TimeZoneInputSchema = z.object({ timeZone: TimeZoneSchema });
export type TimeZoneInput = z.infer<typeof TimeZoneInputSchema>;
