import { accountRouter } from "./account/router.ts";
import { adminRouter } from "./admin/router.ts";
import { authRouter } from "./auth/router.ts";
import { systemRouter } from "./system/router.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  system: systemRouter,
  auth: authRouter,
  account: accountRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

/** A server-side caller bound to one context (loaders, actions, tests). */
export const createCaller = createCallerFactory(appRouter);
