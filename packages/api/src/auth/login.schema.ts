import { z } from "zod";
import { safeMultilineText, safeText } from "../validation/text.ts";

/**
 * Emails are compared lower-cased and trimmed; 254 is the longest deliverable address. One
 * message per problem: empty, too long, then the format (the pipe stops at the first two).
 */
export const EmailSchema = safeText()
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address")
  .max(254, "Use at most 254 characters for the email address")
  .pipe(z.email("Enter a valid email address"));

export const LoginInputSchema = z.object({
  email: EmailSchema,
  password: safeMultilineText().min(1, "Enter your password").max(256, "Use at most 256 characters for the password"),
});
export type LoginInput = z.infer<typeof LoginInputSchema>;
