import { checkPassword, PASSWORD_MAX_LENGTH } from "@tradecraft/auth";
import { z } from "zod";
import { EmailSchema } from "./login.schema.ts";

export const DisplayNameSchema = z
  .string()
  .trim()
  .min(1, "Tell us what to call you")
  .max(60, "Use at most 60 characters")
  // No control characters or angle brackets in names shown to other members and admins.
  .regex(/^[^\p{Cc}<>]+$/u, "Use letters, numbers, spaces and ordinary punctuation");

/** Sign-up: the password must pass the policy with the member's own email and name as context. */
export const SignupInputSchema = z
  .object({
    email: EmailSchema,
    password: z.string().max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
    displayName: DisplayNameSchema,
    /** The honeypot: a field people never see. Bots fill it. */
    website: z.string().max(200).optional(),
  })
  .superRefine((input, ctx) => {
    const verdict = checkPassword(input.password, { email: input.email, displayName: input.displayName });
    if (!verdict.ok) ctx.addIssue({ code: "custom", path: ["password"], message: verdict.problems.join(" ") });
  });
export type SignupInput = z.infer<typeof SignupInputSchema>;
