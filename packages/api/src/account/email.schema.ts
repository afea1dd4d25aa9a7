import { PASSWORD_MAX_LENGTH } from "@tradecraft/auth";
import { z } from "zod";
import { safeMultilineText } from "../validation/text.ts";
import { EmailSchema } from "../auth/login.schema.ts";
import { EmailTokenSchema } from "../auth/password-reset.schema.ts";

export const ChangeEmailInputSchema = z.object({
  newEmail: EmailSchema,
  currentPassword: safeMultilineText()
    .min(1, "Enter your current password")
    .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
});
export type ChangeEmailInput = z.infer<typeof ChangeEmailInputSchema>;

export const VerifyEmailInputSchema = z.object({ token: EmailTokenSchema });
