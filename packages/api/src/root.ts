import { accountRouter } from "./account/router.ts";
import { adminRouter } from "./admin/router.ts";
import { authRouter } from "./auth/router.ts";
import { accountsRouter, analyticsRouter, importsRouter, journalRouter, setupsRouter } from "./journal/router.ts";
import { systemRouter } from "./system/router.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  system: systemRouter,
  auth: authRouter,
  account: accountRouter,
  admin: adminRouter,
  accounts: accountsRouter,
  setups: setupsRouter,
  journal: journalRouter,
  imports: importsRouter,
  analytics: analyticsRouter,
});

export type AppRouter = typeof appRouter;

/** A server-side caller bound to one context (loaders, actions, tests). */
export const createCaller = createCallerFactory(appRouter);
