import { z } from "zod";

/** Emails are compared lower-cased and trimmed; 254 is the longest deliverable address. */
export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address").max(254, "That email address is too long"));

export const LoginInputSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1, "Enter your password").max(256, "Passwords are at most 256 characters"),
});
export type LoginInput = z.infer<typeof LoginInputSchema>;
