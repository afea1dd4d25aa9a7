import { PASSWORD_MAX_LENGTH } from "@tradecraft/auth";
import { z } from "zod";
import { safeMultilineText, safeText } from "../validation/text.ts";
import { EmailSchema } from "./login.schema.ts";

export const RequestPasswordResetInputSchema = z.object({ email: EmailSchema });
export type RequestPasswordResetInput = z.infer<typeof RequestPasswordResetInputSchema>;

/** A mailed token as it arrives from a link: checked for shape by the handler. */
export const EmailTokenSchema = safeText().trim().min(1, "This link is not complete.").max(200);

export const ResetPasswordInputSchema = z
  .object({
    token: EmailTokenSchema,
    password: safeMultilineText().max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
    confirmPassword: safeMultilineText().max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
  })
  .refine((input) => input.password === input.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two passwords do not match.",
  });
export type ResetPasswordInput = z.infer<typeof ResetPasswordInputSchema>;
