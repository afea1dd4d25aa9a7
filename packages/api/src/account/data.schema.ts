import { PASSWORD_MAX_LENGTH } from "@tradecraft/auth";
import { z } from "zod";
import { safeMultilineText, safeText } from "../validation/text.ts";

export const DeleteAccountInputSchema = z.object({
  password: safeMultilineText().min(1, "Enter your password to confirm").max(PASSWORD_MAX_LENGTH),
  /** The member types DELETE, so a stray click cannot end their account. */
  confirm: safeText()
    .trim()
    .refine((value) => value === "DELETE", "Type DELETE to confirm"),
});
export type DeleteAccountInput = z.infer<typeof DeleteAccountInputSchema>;
