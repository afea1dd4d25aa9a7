import { z } from "zod";
import { safeMultilineText, safeText } from "../validation/text.ts";

/** Emails are compared lower-cased and trimmed; 254 is the longest deliverable address. */
export const EmailSchema = safeText()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address").max(254, "That email address is too long"));

export const LoginInputSchema = z.object({
  email: EmailSchema,
  password: safeMultilineText().min(1, "Enter your password").max(256, "Passwords are at most 256 characters"),
});
export type LoginInput = z.infer<typeof LoginInputSchema>;
