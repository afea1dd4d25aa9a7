import { DecideProRequestInputSchema, ListProRequestsInputSchema } from "../plan/pro-request.schema.ts";
import { decideProRequest, listProRequests } from "../plan/pro-requests.service.ts";
import { adminProcedure, router } from "../trpc.ts";
import { listAudit } from "./audit.handler.ts";
import { getAdminOverview } from "./overview.handler.ts";
import { listOutbox } from "./outbox.handler.ts";
import { getSystemOverview, retryJob } from "./system.handler.ts";
import { RetryJobInputSchema } from "./system.schema.ts";
import {
  getUser,
  listUsers,
  markVerified,
  revokeUserSessions,
  sendUserPasswordReset,
  setLock,
  setTier,
} from "./users.handler.ts";
import { aiCosts, resetUsage, usageForUser } from "./usage.handler.ts";
import { AiCostsInputSchema, ResetUsageInputSchema } from "./usage.schema.ts";
import {
  ListAuditInputSchema,
  ListOutboxInputSchema,
  ListUsersInputSchema,
  SetLockInputSchema,
  SetTierInputSchema,
  UserIdSchema,
} from "./users.schema.ts";

export const adminRouter = router({
  overview: adminProcedure.query(({ ctx }) => getAdminOverview(ctx)),
  users: router({
    list: adminProcedure.input(ListUsersInputSchema).query(({ ctx, input }) => listUsers(ctx, input)),
    get: adminProcedure.input(UserIdSchema).query(({ ctx, input }) => getUser(ctx, input.userId)),
    setTier: adminProcedure
      .input(SetTierInputSchema)
      .mutation(({ ctx, input }) => setTier(ctx, input.userId, input.tier)),
    setLock: adminProcedure
      .input(SetLockInputSchema)
      .mutation(({ ctx, input }) => setLock(ctx, input.userId, input.locked)),
    markVerified: adminProcedure.input(UserIdSchema).mutation(({ ctx, input }) => markVerified(ctx, input.userId)),
    revokeSessions: adminProcedure
      .input(UserIdSchema)
      .mutation(({ ctx, input }) => revokeUserSessions(ctx, input.userId)),
    sendPasswordReset: adminProcedure
      .input(UserIdSchema)
      .mutation(({ ctx, input }) => sendUserPasswordReset(ctx, input.userId)),
    proRequests: adminProcedure
      .input(ListProRequestsInputSchema)
      .query(({ ctx, input }) => listProRequests(ctx, input)),
    decideProRequest: adminProcedure
      .input(DecideProRequestInputSchema)
      .mutation(({ ctx, input }) => decideProRequest(ctx, input)),
  }),
  outbox: adminProcedure.input(ListOutboxInputSchema).query(({ ctx, input }) => listOutbox(ctx, input)),
  audit: adminProcedure.input(ListAuditInputSchema).query(({ ctx, input }) => listAudit(ctx, input)),
  usage: router({
    forUser: adminProcedure.input(UserIdSchema).query(({ ctx, input }) => usageForUser(ctx, input.userId)),
    reset: adminProcedure.input(ResetUsageInputSchema).mutation(({ ctx, input }) => resetUsage(ctx, input)),
  }),
  ai: router({
    costs: adminProcedure.input(AiCostsInputSchema).query(({ ctx, input }) => aiCosts(ctx, input)),
  }),
  system: router({
    overview: adminProcedure.query(({ ctx }) => getSystemOverview(ctx)),
    retryJob: adminProcedure.input(RetryJobInputSchema).mutation(({ ctx, input }) => retryJob(ctx, input)),
  }),
});
