import { adminProcedure, router } from "../trpc.ts";
import { getAdminOverview } from "./overview.handler.ts";

export const adminRouter = router({
  overview: adminProcedure.query(({ ctx }) => getAdminOverview(ctx)),
});
