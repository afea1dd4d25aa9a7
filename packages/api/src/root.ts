import { accountRouter } from "./account/router.ts";
import { adminRouter } from "./admin/router.ts";
import { authRouter } from "./auth/router.ts";
import { coachRouter } from "./coach/router.ts";
import { gradingRouter } from "./grading/router.ts";
import { liveRouter } from "./live/router.ts";
import { marketRouter } from "./market/router.ts";
import { accountsRouter, analyticsRouter, importsRouter, journalRouter, setupsRouter } from "./journal/router.ts";
import { planRouter } from "./plan/router.ts";
import { screenshotsRouter } from "./journal/screenshots.router.ts";
import { strategiesRouter } from "./journal/strategies.router.ts";
import { studioRouter } from "./studio/router.ts";
import { systemRouter } from "./system/router.ts";
import { createCallerFactory, router } from "./trpc.ts";
import { usageRouter } from "./usage/router.ts";
import { watchlistsRouter } from "./watchlists/router.ts";
import { alertsRouter } from "./alerts/router.ts";
import { notificationsRouter } from "./notifications/router.ts";

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
  screenshots: screenshotsRouter,
  strategies: strategiesRouter,
  usage: usageRouter,
  coach: coachRouter,
  grading: gradingRouter,
  plan: planRouter,
  market: marketRouter,
  live: liveRouter,
  watchlists: watchlistsRouter,
  alerts: alertsRouter,
  notifications: notificationsRouter,
  studio: studioRouter,
});

export type AppRouter = typeof appRouter;

/** A server-side caller bound to one context (loaders, actions, tests). */
export const createCaller = createCallerFactory(appRouter);
