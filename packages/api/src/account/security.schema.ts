import { PASSWORD_MAX_LENGTH } from "@tradecraft/auth";
import { z } from "zod";

export const RevokeSessionInputSchema = z.object({
  sessionId: z.string().regex(/^[0-9a-f]{64}$/, "Not a session of yours"),
});

export const ChangePasswordInputSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(PASSWORD_MAX_LENGTH),
    newPassword: z.string().max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
  })
  .superRefine((input, ctx) => {
    if (input.newPassword === input.currentPassword) {
      ctx.addIssue({ code: "custom", path: ["newPassword"], message: "Choose a password different from the current one." });
    }
    // The policy (with the member's own email and name as context) is checked by the handler.
  });
export type ChangePasswordInput = z.infer<typeof ChangePasswordInputSchema>;
