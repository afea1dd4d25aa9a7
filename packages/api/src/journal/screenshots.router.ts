import { memberProcedure, router } from "../trpc.ts";
import { addScreenshot, deleteScreenshot, listScreenshots, readScreenshot } from "./screenshots.handler.ts";
import { AddScreenshotInputSchema, ReadScreenshotInputSchema, ScreenshotIdSchema } from "./screenshots.schema.ts";
import { TradeIdSchema } from "./schemas.ts";

export const screenshotsRouter = router({
  add: memberProcedure.input(AddScreenshotInputSchema).mutation(({ ctx, input }) => addScreenshot(ctx, input)),
  list: memberProcedure.input(TradeIdSchema).query(({ ctx, input }) => listScreenshots(ctx, input.tradeId)),
  delete: memberProcedure
    .input(ScreenshotIdSchema)
    .mutation(({ ctx, input }) => deleteScreenshot(ctx, input.screenshotId)),
  /** The image for the serving route; not for the browser over /api/trpc (superjson has no binary). */
  read: memberProcedure.input(ReadScreenshotInputSchema).query(({ ctx, input }) => readScreenshot(ctx, input)),
});
