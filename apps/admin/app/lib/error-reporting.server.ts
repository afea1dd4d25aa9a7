import { apiFor } from "@tradecraft/api";
import type { AppName } from "@tradecraft/config";
import { type BrowserErrorReporting, browserErrorReporting } from "@tradecraft/server";

/** What the browser needs to report its errors (null when Sentry is off): public DSN, tags and the user's id. */
export type ErrorReportingData = (BrowserErrorReporting & { userId: string | null }) | null;

/** The root loader's reporting settings; the session lookup is skipped when reporting is off. */
export async function errorReportingFor(request: Request, app: AppName = "admin"): Promise<ErrorReportingData> {
  const settings = browserErrorReporting();
  if (!settings) return null;
  // apiFor shares one session lookup between a page's loaders. A page that needs no database
  // still renders when it is down: the user is then unknown to the browser's reports.
  const userId = await apiFor(request, { app })
    .then((api) => api.system.whoami())
    .then(
      (user) => user.id,
      () => null,
    );
  return { ...settings, userId };
}
