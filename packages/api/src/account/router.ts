import { memberProcedure, router } from "../trpc.ts";
import { deleteAccount, exportData } from "./data.handler.ts";
import { DeleteAccountInputSchema } from "./data.schema.ts";
import { ChangeEmailInputSchema } from "./email.schema.ts";
import { confirmTimeZone, getProfile, updateProfile } from "./profile.handler.ts";
import { ConfirmTimeZoneInputSchema, UpdateProfileInputSchema } from "./profile.schema.ts";
import { ChangePasswordInputSchema, RevokeSessionInputSchema } from "./security.schema.ts";
import { changePassword, listSessions, revokeOtherSessions, revokeSession } from "./security.handler.ts";
import { requestEmailChange, resendVerification } from "./verification.handler.ts";

export const accountRouter = router({
  profile: memberProcedure.query(({ ctx }) => getProfile(ctx)),
  updateProfile: memberProcedure
    .input(UpdateProfileInputSchema)
    .mutation(({ ctx, input }) => updateProfile(ctx, input)),
  /** Uses the home page's offered zone, or keeps the current one; the offer stops either way. */
  confirmTimeZone: memberProcedure
    .input(ConfirmTimeZoneInputSchema)
    .mutation(({ ctx, input }) => confirmTimeZone(ctx, input)),
  resendVerification: memberProcedure.mutation(({ ctx }) => resendVerification(ctx)),
  changeEmail: memberProcedure
    .input(ChangeEmailInputSchema)
    .mutation(({ ctx, input }) => requestEmailChange(ctx, input)),
  sessions: memberProcedure.query(({ ctx }) => listSessions(ctx)),
  revokeSession: memberProcedure
    .input(RevokeSessionInputSchema)
    .mutation(({ ctx, input }) => revokeSession(ctx, input.sessionId)),
  revokeOtherSessions: memberProcedure.mutation(({ ctx }) => revokeOtherSessions(ctx)),
  changePassword: memberProcedure
    .input(ChangePasswordInputSchema)
    .mutation(({ ctx, input }) => changePassword(ctx, input)),
  /** Everything we hold about the member (the JSON download). A mutation: it is audited. */
  exportData: memberProcedure.mutation(({ ctx }) => exportData(ctx)),
  deleteAccount: memberProcedure
    .input(DeleteAccountInputSchema)
    .mutation(({ ctx, input }) => deleteAccount(ctx, input)),
});
