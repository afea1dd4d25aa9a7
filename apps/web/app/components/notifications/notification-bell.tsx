import { Link } from "@remix-run/react";
import { useUnreadCount } from "~/components/live-ticker";

/**
 * The header's bell: a link to /app/notifications with the unread count, rendered by the server
 * (so it is right without JavaScript) and then kept current by the tab's live stream.
 */
export function NotificationBell({ initial, current }: { initial: number; current: boolean }) {
  const unread = useUnreadCount(initial);
  const label = unread ? `Notifications, ${unread.toLocaleString("en-US")} unread` : "Notifications, none unread";
  return (
    <Link
      to="/app/notifications"
      className="tc-bell"
      aria-label={label}
      aria-current={current ? "page" : undefined}
      data-unread={unread}
    >
      <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="22" height="22">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {unread ? (
        <span className="tc-bell__count" aria-hidden="true">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
