// The market router: quotes, bars, search, options and earnings through ctx.market (issue 14).
import { router } from "../trpc.ts";
import { newsProcedures } from "./news.procedures.ts";

export const marketRouter = router({
  ...newsProcedures,
});
