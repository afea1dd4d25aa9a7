import { memberProcedure, router } from "../trpc.ts";
import { ProRequestIdSchema, RequestProInputSchema } from "./pro-request.schema.ts";
import { cancelProRequest, planState, requestPro } from "./pro-requests.service.ts";

export const planRouter = router({
  /** The member's tier and their latest Pro request, for the plan page. */
  get: memberProcedure.query(({ ctx }) => planState(ctx)),
  /** Asks an admin to move the member to Pro (one open request at a time). */
  requestPro: memberProcedure.input(RequestProInputSchema).mutation(({ ctx, input }) => requestPro(ctx, input)),
  /** Withdraws the member's own open request. */
  cancelRequest: memberProcedure
    .input(ProRequestIdSchema)
    .mutation(({ ctx, input }) => cancelProRequest(ctx, input.requestId)),
});
