import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, EmptyState } from "@tradecraft/ui";
import alertStyles from "~/components/alerts/alerts.css?url";
import { Hidden } from "~/components/watchlists/watchlist-card";
import { requireUser } from "~/lib/auth.server";
import { orRefusal } from "~/lib/journal.server";

export const meta: MetaFunction = () => [{ title: "Notifications · Tradecraft" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: alertStyles }];

// ?after=<id> is the next page; opening a notification's link marks it read first (a POST that
// redirects), so the bell's count and this list agree without JavaScript.
export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const url = new URL(request.url);
  const [page, profile] = await Promise.all([
    api.notifications.list({ cursor: url.searchParams.get("after")?.slice(0, 64) || null }),
    api.account.profile(),
  ]);
  return { ...page, timeZone: profile.timeZone, first: !url.searchParams.get("after") };
}

/** Only paths inside the members' app are followed after marking read. */
const insideApp = (link: string) =>
  /^\/app(\/|$|#|\?)/.test(link) && !link.startsWith("//") ? link : "/app/notifications";

export async function action({ request }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "read-all") {
    await api.notifications.markRead({ all: true });
    return redirect("/app/notifications");
  }
  const notificationId = String(form.get("notificationId") ?? "").slice(0, 64);
  if (intent === "open" || intent === "read") {
    await orRefusal(api.notifications.markRead({ notificationId }));
    return redirect(intent === "open" ? insideApp(String(form.get("link") ?? "")) : "/app/notifications");
  }
  return new Response("Unknown action", { status: 400 });
}

export default function Notifications() {
  const { items, nextCursor, unread, timeZone, first } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone });
  return (
    <div className="tc-stack">
      <h1>Notifications</h1>
      <div className="tc-actions">
        <p className="tc-muted">
          {unread ? `${unread.toLocaleString("en-US")} unread.` : "All read."}{" "}
          <Link to="/app/settings/notifications">Choose how you are told</Link>
        </p>
        {unread ? (
          <Form method="post">
            <input type="hidden" name="intent" value="read-all" />
            <Button type="submit" variant="secondary" disabled={busy}>
              Mark all read
            </Button>
          </Form>
        ) : null}
      </div>
      {items.length === 0 && first ? (
        <EmptyState title="Nothing yet">
          When a <Link to="/app/alerts">price alert</Link> fires, it shows here at once.
        </EmptyState>
      ) : (
        <ul className="tc-notifications" aria-label="Your notifications">
          {items.map((n) => (
            <li key={n.id} className={`tc-notification${n.readAt ? "" : " tc-notification--unread"}`}>
              <div className="tc-notification__text">
                <p className="tc-notification__title">
                  {n.readAt ? null : <Hidden>Unread: </Hidden>}
                  {n.title}
                </p>
                {n.body !== n.title ? <p className="tc-notification__body">{n.body}</p> : null}
                <time className="tc-muted" dateTime={new Date(n.createdAt).toISOString()}>
                  {when.format(new Date(n.createdAt))}
                </time>
              </div>
              <div className="tc-alert-actions">
                {n.link ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="open" />
                    <input type="hidden" name="notificationId" value={n.id} />
                    <input type="hidden" name="link" value={n.link} />
                    <Button type="submit" variant="secondary" disabled={busy} aria-label={`Open: ${n.title}`}>
                      Open
                    </Button>
                  </Form>
                ) : null}
                {n.readAt ? null : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="read" />
                    <input type="hidden" name="notificationId" value={n.id} />
                    <Button type="submit" variant="secondary" disabled={busy} aria-label={`Mark read: ${n.title}`}>
                      Mark read
                    </Button>
                  </Form>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {nextCursor ? <Link to={`?after=${encodeURIComponent(nextCursor)}`}>Older notifications</Link> : null}
    </div>
  );
}
