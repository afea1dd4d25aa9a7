import { PASSWORD_MAX_LENGTH } from "@tradecraft/auth";
import { z } from "zod";
import { safeMultilineText, safeText } from "../validation/text.ts";

export const RevokeSessionInputSchema = z.object({
  sessionId: safeText().regex(/^[0-9a-f]{64}$/, "Not a session of yours"),
});

export const ChangePasswordInputSchema = z
  .object({
    currentPassword: safeMultilineText()
      .min(1, "Enter your current password")
      .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
    newPassword: safeMultilineText().max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
  })
  .superRefine((input, ctx) => {
    if (input.newPassword === input.currentPassword) {
      ctx.addIssue({
        code: "custom",
        path: ["newPassword"],
        message: "Choose a password different from the current one.",
      });
    }
    // The policy (with the member's own email and name as context) is checked by the handler.
  });
export type ChangePasswordInput = z.infer<typeof ChangePasswordInputSchema>;
