import { memberProcedure, router } from "../trpc.ts";
import { ChangePasswordInputSchema, RevokeSessionInputSchema } from "./security.schema.ts";
import { changePassword, listSessions, revokeOtherSessions, revokeSession } from "./security.handler.ts";

export const accountRouter = router({
  sessions: memberProcedure.query(({ ctx }) => listSessions(ctx)),
  revokeSession: memberProcedure
    .input(RevokeSessionInputSchema)
    .mutation(({ ctx, input }) => revokeSession(ctx, input.sessionId)),
  revokeOtherSessions: memberProcedure.mutation(({ ctx }) => revokeOtherSessions(ctx)),
  changePassword: memberProcedure.input(ChangePasswordInputSchema).mutation(({ ctx, input }) => changePassword(ctx, input)),
});
