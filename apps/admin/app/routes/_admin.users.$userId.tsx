import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { httpStatusOf, TRPCError } from "@tradecraft/api";
import { Alert, Button, Card, SelectField, Table } from "@tradecraft/ui";
import { requireAdmin } from "~/lib/guards.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.displayName ?? "User"} · Tradecraft Admin` }];

const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = params.userId ?? "";
  return requireAdmin(request, async (api) => {
    const [details, usage, proRequests] = await Promise.all([
      api.admin.users.get({ userId }),
      api.admin.usage.forUser({ userId }),
      api.admin.users.proRequests({ userId }),
    ]);
    return { ...details, usage, proRequest: proRequests.requests[0] ?? null };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const userId = params.userId ?? "";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  try {
    const message = await requireAdmin(request, async (api) => {
      switch (intent) {
        case "setTier": {
          const { tier } = await api.admin.users.setTier({ userId, tier: String(form.get("tier")) as "FREE" | "PRO" });
          return `Tier changed to ${tier}.`;
        }
        case "lock":
          await api.admin.users.setLock({ userId, locked: true });
          return "Account locked and signed out everywhere.";
        case "unlock":
          await api.admin.users.setLock({ userId, locked: false });
          return "Account unlocked.";
        case "markVerified":
          await api.admin.users.markVerified({ userId });
          return "Email marked as verified.";
        case "sendPasswordReset": {
          const { sentTo } = await api.admin.users.sendPasswordReset({ userId });
          return `We sent a password reset link to ${sentTo}. It works for 1 hour.`;
        }
        case "resetUsage": {
          const kind = String(form.get("kind") ?? "");
          const { reset } = await api.admin.usage.reset({ userId, kind: kind === "" ? undefined : (kind as "conversations") });
          return `Usage reset (${reset} counter${reset === 1 ? "" : "s"} cleared).`;
        }
        case "decideProRequest": {
          const decision = String(form.get("decision") ?? "") as "approve" | "decline";
          const { status } = await api.admin.users.decideProRequest({ requestId: String(form.get("requestId") ?? ""), decision });
          return status === "APPROVED" ? "Request approved: the member is now on PRO." : "Request declined.";
        }
        case "revokeSessions": {
          const { revoked } = await api.admin.users.revokeSessions({ userId });
          return `Signed out of ${revoked} session${revoked === 1 ? "" : "s"}.`;
        }
        default:
          throw new TRPCError({ code: "BAD_REQUEST", message: "Unknown action." });
      }
    });
    return Response.json({ ok: true, message });
  } catch (error) {
    if (error instanceof Response) throw error;
    const status = httpStatusOf(error);
    const message = error instanceof TRPCError && status < 500 ? error.message : "That didn't work. Please try again.";
    return Response.json({ ok: false, message }, { status });
  }
}

function ActionButton({ intent, children, variant = "secondary" }: { intent: string; children: string; variant?: "secondary" | "danger" }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <Button type="submit" variant={variant}>
        {children}
      </Button>
    </Form>
  );
}

export default function UserDetail() {
  const { user, activeSessions, recentEvents, usage, proRequest } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; message: string }>();
  return (
    <div className="tc-stack">
      <p>
        <Link to="/users">← All users</Link>
      </p>
      <h1>{user.displayName}</h1>
      {result ? <Alert tone={result.ok ? "success" : "error"}>{result.message}</Alert> : null}
      {proRequest ? <ProRequestCard request={proRequest} /> : null}
      <Card aria-labelledby="facts-heading">
        <h2 id="facts-heading">Account</h2>
        <dl className="tc-facts">
          <dt>Email</dt>
          <dd>{user.email}</dd>
          <dt>Role</dt>
          <dd>{user.role}</dd>
          <dt>Tier</dt>
          <dd>{user.tier}</dd>
          <dt>Email verified</dt>
          <dd>{user.emailVerifiedAt ? date.format(new Date(user.emailVerifiedAt)) : "No"}</dd>
          <dt>Locked</dt>
          <dd>{user.isLocked ? "Yes" : "No"}</dd>
          <dt>Active sessions</dt>
          <dd>{activeSessions}</dd>
          <dt>Joined</dt>
          <dd>{date.format(new Date(user.createdAt))}</dd>
        </dl>
      </Card>
      <Card aria-labelledby="actions-heading">
        <h2 id="actions-heading">Actions</h2>
        <Form method="post" className="tc-actions">
          <input type="hidden" name="intent" value="setTier" />
          <input type="hidden" name="tier" value={user.tier === "PRO" ? "FREE" : "PRO"} />
          <Button type="submit">{user.tier === "PRO" ? "Move to FREE" : "Upgrade to PRO"}</Button>
        </Form>
        <div className="tc-actions">
          {user.isLocked ? <ActionButton intent="unlock">Unlock account</ActionButton> : <ActionButton intent="lock" variant="danger">Lock account</ActionButton>}
          {user.emailVerifiedAt ? null : <ActionButton intent="markVerified">Mark email verified</ActionButton>}
          <ActionButton intent="sendPasswordReset">Send a password reset email</ActionButton>
          <ActionButton intent="revokeSessions" variant="danger">Revoke all sessions</ActionButton>
        </div>
        <p className="tc-muted">
          A password reset mails a link to choose a new password, valid for 1 hour; the current password keeps working until then.{" "}
          <Link to={`/outbox?${new URLSearchParams({ to: user.email })}`}>Emails to this user</Link>
        </p>
      </Card>
      <UsageCard usage={usage} />
      <Table
        caption="Recent activity (UTC)"
        rowKey={(e) => e.id}
        rows={recentEvents}
        empty="No recorded activity."
        columns={[
          { key: "when", header: "When", cell: (e) => date.format(new Date(e.createdAt)) },
          { key: "action", header: "Action", cell: (e) => <code>{e.action}</code> },
          { key: "by", header: "By", cell: (e) => (e.actorId === user.id ? "the user" : e.actorId ? "an admin" : "anonymous") },
          { key: "ip", header: "IP", cell: (e) => e.ip ?? "" },
        ]}
      />
    </div>
  );
}

const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** The member's open request to move to Pro, with the two decisions (each audited). */
function ProRequestCard({ request }: { request: { id: string; createdAt: string | Date; message: string | null } }) {
  return (
    <Card aria-labelledby="pro-request-heading">
      <h2 id="pro-request-heading">Pro request waiting</h2>
      <p>
        Requested on {date.format(new Date(request.createdAt))} (UTC). Approving moves the member to PRO at once.
      </p>
      <p className={request.message ? undefined : "tc-muted"}>
        {request.message ? `Their message: “${request.message}”` : "No message."}
      </p>
      <div className="tc-actions">
        {(["approve", "decline"] as const).map((decision) => (
          <Form method="post" key={decision}>
            <input type="hidden" name="intent" value="decideProRequest" />
            <input type="hidden" name="requestId" value={request.id} />
            <input type="hidden" name="decision" value={decision} />
            <Button type="submit" variant={decision === "approve" ? "primary" : "secondary"}>
              {decision === "approve" ? "Approve Pro request" : "Decline Pro request"}
            </Button>
          </Form>
        ))}
      </div>
    </Card>
  );
}

function UsageCard({ usage }: { usage: ReturnType<typeof useLoaderData<typeof loader>>["usage"] }) {
  const renews = (at: string | Date | null) => (at ? `renews ${day.format(new Date(at))}` : "never renews");
  return (
    <Card aria-labelledby="usage-heading">
      <h2 id="usage-heading">AI usage</h2>
      <dl className="tc-facts">
        <dt>Coach conversations</dt>
        <dd>
          {usage.conversations.used} of {usage.conversations.limit} ({renews(usage.conversations.resetsAt)})
        </dd>
        <dt>Trade gradings</dt>
        <dd>
          {usage.gradings.used} of {usage.gradings.limit} ({renews(usage.gradings.resetsAt)})
        </dd>
      </dl>
      <Table
        caption="Message units in the latest conversations"
        rowKey={(c) => c.conversationId}
        rows={usage.conversationMessages}
        empty="No coach messages yet."
        columns={[
          { key: "title", header: "Conversation", cell: (c) => c.title ?? <span className="tc-muted">deleted</span> },
          { key: "used", header: "Used", numeric: true, cell: (c) => `${c.used} of ${c.limit}` },
        ]}
      />
      <Form method="post" className="tc-actions" aria-label="Reset usage">
        <input type="hidden" name="intent" value="resetUsage" />
        <SelectField
          label="What to reset"
          name="kind"
          hint="Clears this period's counters (messages: every conversation's). Audited."
          options={[
            { value: "", label: "Everything" },
            { value: "conversations", label: "Conversations" },
            { value: "messages", label: "Messages" },
            { value: "gradings", label: "Gradings" },
          ]}
        />
        <div>
          <Button type="submit" variant="danger">
            Reset usage
          </Button>
        </div>
      </Form>
    </Card>
  );
}
