import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Outlet, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { Alert, AppShell, Button } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";
import { LiveTickerProvider } from "~/components/live-ticker";
import { SymbolSearch } from "~/components/market/symbol-search";
import { NotificationBell } from "~/components/notifications/notification-bell";
import marketStyles from "~/components/market/market.css?url";

// The header's symbol search is on every member page, so its styles load with the frame.
export const links: LinksFunction = () => [{ rel: "stylesheet", href: marketStyles }];

// The member area's frame: every /app page requires a session (the guard runs here and in each page's loader).
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, api } = await requireUser(request);
  // The session read brought what the frame shows (issue 16: no second and third query per page).
  const [emailVerified, unread] = user.frame
    ? [user.frame.emailVerified, user.frame.unreadNotifications]
    : await Promise.all([api.account.profile().then((p) => p.emailVerified), api.notifications.unreadCount()]);
  return { displayName: user.displayName, email: user.email, emailVerified, unread };
}

const NAV = [
  { href: "/app", label: "Home" },
  { href: "/app/journal", label: "Journal" },
  { href: "/app/analytics", label: "Analytics" },
  { href: "/app/market", label: "Market" },
  { href: "/app/watchlists", label: "Watchlists" },
  { href: "/app/alerts", label: "Alerts" },
  { href: "/app/coach", label: "Coach" },
  { href: "/app/settings/profile", label: "Profile" },
  { href: "/app/settings/security", label: "Security" },
  { href: "/app/settings/notifications", label: "Notifications" },
  { href: "/app/settings/data", label: "Data" },
  { href: "/app/settings/plan", label: "Plan" },
];

export default function MemberArea() {
  const { displayName, email, emailVerified, unread } = useLoaderData<typeof loader>();
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const resent = params.get("verification") === "sent";
  // One live stream per tab for every member page: the ticker's prices and the bell's count.
  return (
    <LiveTickerProvider>
      <AppShell
        brandHref="/app"
        nav={NAV.map((item) => ({
          ...item,
          current:
            item.href === pathname
              ? true
              : item.href !== "/app" && pathname.startsWith(`${item.href}/`)
                ? "section"
                : false,
        }))}
        actions={
          <div className="tc-header-actions">
            <SymbolSearch />
            <NotificationBell initial={unread} current={pathname === "/app/notifications"} />
            <Form method="post" action="/logout">
              <Button type="submit" variant="secondary" aria-label={`Sign out ${displayName}`}>
                Sign out
              </Button>
            </Form>
          </div>
        }
      >
        {resent ? <Alert tone="success">We sent a new link to {email}. It works for 24 hours.</Alert> : null}
        {emailVerified || pathname === "/app/verification" ? null : (
          // Not a live region: it is there on arrival, and status messages must stay the page's only one.
          <section className="tc-alert tc-alert--info" aria-label="Email confirmation">
            <div className="tc-banner">
              <span>
                Please confirm your email: we sent a link to <strong>{email}</strong>.
              </span>
              <Form method="post" action="/app/verification">
                <input type="hidden" name="returnTo" value={pathname} />
                <Button type="submit" variant="secondary">
                  Resend the link
                </Button>
              </Form>
            </div>
          </section>
        )}
        <Outlet />
      </AppShell>
    </LiveTickerProvider>
  );
}
