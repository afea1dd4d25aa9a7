// Both apps' browser Sentry, loaded only when the server hands over a DSN and only after hydration:
// pages without one download none of it, and the first-load bundle does not grow.
import { useLocation, useMatches } from "@remix-run/react";
import { useEffect } from "react";

/** What the server hands the browser (both apps' root loaders): public DSN, tags and the user's id. */
export interface BrowserReportingSettings {
  dsn: string;
  environment: string;
  release: string;
  tracesSampleRate: number;
  userId: string | null;
}

// Resolves to Sentry's setUser once the SDK is loaded and started.
let loading: Promise<(user: { id: string } | null) => void> | undefined;
let userId: string | null = null;

// Refusals the member is shown (not found, bad input, too many, quota, signed out) are not bugs.
const EXPECTED_CODES = new Set(["NOT_FOUND", "BAD_REQUEST", "TOO_MANY_REQUESTS", "FORBIDDEN", "UNAUTHORIZED"]);
const withoutQuery = (url: unknown) => (typeof url === "string" ? url.split("?")[0] : url);

/** Starts browser error reporting once (no session replay); later calls only update the user. */
export function startErrorReporting(settings: BrowserReportingSettings): void {
  userId = settings.userId;
  if (loading) return void loading.then((setUser) => setUser(userId ? { id: userId } : null));
  // Destructured so the bundler keeps only what is used (no replay, no feedback widget).
  loading = import("@sentry/remix").then(({ init, browserTracingIntegration, setUser }) => {
    init({
      dsn: settings.dsn,
      environment: settings.environment,
      release: settings.release,
      tracesSampleRate: settings.tracesSampleRate,
      sendDefaultPii: false,
      integrations: [browserTracingIntegration({ useEffect, useLocation, useMatches })],
      beforeSend(event, hint) {
        const code = (hint.originalException as { data?: { code?: unknown } } | null)?.data?.code;
        if (typeof code === "string" && EXPECTED_CODES.has(code)) return null;
        return scrub(event);
      },
      beforeSendTransaction: (event) => scrub(event),
      beforeBreadcrumb(crumb) {
        if (crumb.category === "console") return null;
        for (const key of ["from", "to", "url"]) if (crumb.data?.[key]) crumb.data[key] = withoutQuery(crumb.data[key]);
        return crumb;
      },
    });
    setUser(userId ? { id: userId } : null);
    return setUser;
  });
}

/** Keeps the user to its id and the page's address to its path (tokens travel in queries). */
function scrub<E extends { user?: { id?: string | number } | undefined; request?: { url?: string } }>(event: E): E {
  event.user = userId ? { id: userId } : undefined;
  if (event.request) event.request = { url: withoutQuery(event.request.url) as string | undefined };
  return event;
}
