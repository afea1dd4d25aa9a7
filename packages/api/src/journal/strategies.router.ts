// Option strategies (legs opened together, grouped at import): read one, or the newest.
import { z } from "zod";
import { memberProcedure, router } from "../trpc.ts";
import { IdSchema } from "../validation/text.ts";
import { getStrategy, listStrategies } from "./strategies.service.ts";

export const StrategyIdSchema = z.object({ strategyId: IdSchema });
export const ListStrategiesInputSchema = z
  .object({ accountId: IdSchema.optional(), limit: z.number().int().min(1).max(200).default(50) })
  .default({ limit: 50 });

export const strategiesRouter = router({
  get: memberProcedure.input(StrategyIdSchema).query(({ ctx, input }) => getStrategy(ctx, input.strategyId)),
  list: memberProcedure.input(ListStrategiesInputSchema).query(({ ctx, input }) => listStrategies(ctx, input)),
});
