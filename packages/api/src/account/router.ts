import { memberProcedure, router } from "../trpc.ts";
import { getProfile, updateProfile } from "./profile.handler.ts";
import { UpdateProfileInputSchema } from "./profile.schema.ts";
import { ChangePasswordInputSchema, RevokeSessionInputSchema } from "./security.schema.ts";
import { changePassword, listSessions, revokeOtherSessions, revokeSession } from "./security.handler.ts";

export const accountRouter = router({
  profile: memberProcedure.query(({ ctx }) => getProfile(ctx)),
  updateProfile: memberProcedure.input(UpdateProfileInputSchema).mutation(({ ctx, input }) => updateProfile(ctx, input)),
  sessions: memberProcedure.query(({ ctx }) => listSessions(ctx)),
  revokeSession: memberProcedure
    .input(RevokeSessionInputSchema)
    .mutation(({ ctx, input }) => revokeSession(ctx, input.sessionId)),
  revokeOtherSessions: memberProcedure.mutation(({ ctx }) => revokeOtherSessions(ctx)),
  changePassword: memberProcedure.input(ChangePasswordInputSchema).mutation(({ ctx, input }) => changePassword(ctx, input)),
});
