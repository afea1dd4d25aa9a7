import { memberProcedure, router } from "../trpc.ts";
import { getUsageLimits } from "./limits.ts";
import { usageSummary } from "./summary.handler.ts";
import { UsageSummaryInputSchema } from "./usage.schema.ts";

export const usageRouter = router({
  /** "Conversation 3/5 · Messages 6/8" and gradings, for the dashboard and the coach. */
  summary: memberProcedure.input(UsageSummaryInputSchema).query(({ ctx, input }) => usageSummary(ctx, input)),
  /** What each tier includes, for the plan page. */
  plans: memberProcedure.query(() => getUsageLimits()),
});
