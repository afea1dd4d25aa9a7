import { memberProcedure, publicProcedure, router } from "../trpc.ts";
import { getSystemStatus } from "./status.handler.ts";
import { describeTimeZone } from "./time-zone.handler.ts";
import { TimeZoneInputSchema } from "./time-zone.schema.ts";

export const systemRouter = router({
  status: publicProcedure.query(({ ctx }) => getSystemStatus(ctx)),
  timeZone: publicProcedure.input(TimeZoneInputSchema).query(({ input }) => describeTimeZone(input)),
  whoami: memberProcedure.query(({ ctx }) => ctx.user),
});
