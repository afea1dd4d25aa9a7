import { memberProcedure, router } from "../trpc.ts";
import { gradeHistory, gradeTrade } from "./grade.handler.ts";
import { GradeHistoryInputSchema, GradeTradeInputSchema } from "./grade.schema.ts";

export const gradingRouter = router({
  /** Grades a closed trade (the model, or the rules when it is not configured or fails) and keeps the grade. */
  grade: memberProcedure.input(GradeTradeInputSchema).mutation(({ ctx, input }) => gradeTrade(ctx, input.tradeId)),
  /** The trade's grades, newest first: the first is its current grade. */
  history: memberProcedure.input(GradeHistoryInputSchema).query(({ ctx, input }) => gradeHistory(ctx, input.tradeId)),
});
