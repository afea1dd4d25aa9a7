import { checkPassword, PASSWORD_MAX_LENGTH } from "@tradecraft/auth";
import { z } from "zod";
import { TimeZoneSchema } from "../system/time-zone.schema.ts";
import { safeMultilineText, safeName, safeText } from "../validation/text.ts";
import { EmailSchema } from "./login.schema.ts";

export const DisplayNameSchema = safeName()
  .trim()
  .min(1, "Tell us what to call you")
  .max(60, "Use at most 60 characters")
  // safeName refuses controls and invisible or bidi characters; angle brackets are refused too.
  .regex(/^[^\p{Cc}<>]+$/u, "Use letters, numbers, spaces and ordinary punctuation");

/** Sign-up: the password must pass the policy with the member's own email and name as context. */
export const SignupInputSchema = z
  .object({
    email: EmailSchema,
    password: safeMultilineText().max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
    displayName: DisplayNameSchema,
    /** The browser's IANA zone (or the one picked without script); absent: guessed from Accept-Language. */
    timeZone: TimeZoneSchema.optional(),
    /** The honeypot: a field people never see. Bots fill it. */
    website: safeText().max(200).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.password.length > PASSWORD_MAX_LENGTH) return;
    const verdict = checkPassword(input.password, { email: input.email, displayName: input.displayName });
    // One message: the first thing to fix.
    const message = input.password === "" ? "Enter a password" : verdict.problems[0];
    if (!verdict.ok && message) ctx.addIssue({ code: "custom", path: ["password"], message });
  });
export type SignupInput = z.infer<typeof SignupInputSchema>;
