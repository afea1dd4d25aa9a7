import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { httpStatusOf, TRPCError } from "@tradecraft/api";
import { Alert, Button, Card, SelectField, Table } from "@tradecraft/ui";
import { useEffect, useRef } from "react";
import { requireAdmin } from "~/lib/guards.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.user.displayName ?? "User"} · Tradecraft Admin` },
];

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

/** A destructive action waiting for its confirmation: the same fields again, with confirm=yes. */
interface Confirmation {
  intent: string;
  fields: Record<string, string>;
  question: string;
  consequence: string;
  confirmLabel: string;
}
type ActionData = { ok: boolean; message: string } | { confirm: Confirmation };

const USAGE_KINDS: Record<string, string> = {
  conversations: "conversations",
  messages: "messages",
  gradings: "gradings",
};

/**
 * The confirmation a destructive intent needs, or null for one that needs none. Without
 * confirm=yes the action only answers with this, so a single click (or a stray POST) changes nothing.
 */
function confirmationFor(intent: string, form: FormData, email: string): Confirmation | null {
  switch (intent) {
    case "lock":
      return {
        intent,
        fields: {},
        question: `Confirm: lock ${email}?`,
        consequence: "They are signed out everywhere and cannot sign in until an admin unlocks the account.",
        confirmLabel: "Yes, lock the account",
      };
    case "revokeSessions":
      return {
        intent,
        fields: {},
        question: `Confirm: revoke all sessions of ${email}?`,
        consequence: "Every browser and device signed in to this account is signed out.",
        confirmLabel: "Yes, revoke all sessions",
      };
    case "resetUsage": {
      const kind = String(form.get("kind") ?? "");
      return {
        intent,
        fields: { kind },
        question: `Confirm: reset ${USAGE_KINDS[kind] ?? "all"} usage of ${email}?`,
        consequence: "This period's counters start again from zero. The reset is audited.",
        confirmLabel: "Yes, reset usage",
      };
    }
    case "setTier":
      // Upgrading takes nothing away; moving to FREE does.
      return String(form.get("tier")) === "FREE"
        ? {
            intent,
            fields: { tier: "FREE" },
            question: `Confirm: move ${email} to FREE?`,
            consequence: "They lose PRO features and allowances at once.",
            confirmLabel: "Yes, move to FREE",
          }
        : null;
    default:
      return null;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const userId = params.userId ?? "";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  try {
    if (form.get("confirm") !== "yes") {
      const confirm = await requireAdmin(request, async (api) => {
        const { user } = await api.admin.users.get({ userId });
        return confirmationFor(intent, form, user.email);
      });
      if (confirm) return Response.json({ confirm } satisfies ActionData);
    }
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
          const { reset } = await api.admin.usage.reset({
            userId,
            kind: kind === "" ? undefined : (kind as "conversations"),
          });
          return `Usage reset (${reset} counter${reset === 1 ? "" : "s"} cleared).`;
        }
        case "decideProRequest": {
          const decision = String(form.get("decision") ?? "") as "approve" | "decline";
          const { status } = await api.admin.users.decideProRequest({
            requestId: String(form.get("requestId") ?? ""),
            decision,
          });
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
    return Response.json({ ok: true, message } satisfies ActionData);
  } catch (error) {
    if (error instanceof Response) throw error;
    const status = httpStatusOf(error);
    const message = error instanceof TRPCError && status < 500 ? error.message : "That didn't work. Please try again.";
    return Response.json({ ok: false, message } satisfies ActionData, { status });
  }
}

function ActionButton({
  intent,
  children,
  variant = "secondary",
}: {
  intent: string;
  children: string;
  variant?: "secondary" | "danger";
}) {
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
  const data = useActionData<ActionData>();
  const result = data && "message" in data ? data : null;
  const confirm = data && "confirm" in data ? data.confirm : null;
  return (
    <div className="tc-stack">
      <p>
        <Link to="/users">← All users</Link>
      </p>
      <h1>{user.displayName}</h1>
      {result ? <Alert tone={result.ok ? "success" : "error"}>{result.message}</Alert> : null}
      {confirm ? <ConfirmCard confirm={confirm} /> : null}
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
          {user.isLocked ? (
            <ActionButton intent="unlock">Unlock account</ActionButton>
          ) : (
            <ActionButton intent="lock" variant="danger">
              Lock account
            </ActionButton>
          )}
          {user.emailVerifiedAt ? null : <ActionButton intent="markVerified">Mark email verified</ActionButton>}
          <ActionButton intent="sendPasswordReset">Send a password reset email</ActionButton>
          <ActionButton intent="revokeSessions" variant="danger">
            Revoke all sessions
          </ActionButton>
        </div>
        <p className="tc-muted">
          A password reset mails a link to choose a new password, valid for 1 hour; the current password keeps working
          until then. <Link to={`/outbox?${new URLSearchParams({ to: user.email })}`}>Emails to this user</Link>
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
          {
            key: "by",
            header: "By",
            cell: (e) => (e.actorId === user.id ? "the user" : e.actorId ? "an admin" : "anonymous"),
          },
          { key: "ip", header: "IP", cell: (e) => e.ip ?? "" },
        ]}
      />
    </div>
  );
}

/** The second step of a destructive action: what it does, a confirm button, and a way back. */
function ConfirmCard({ confirm }: { confirm: Confirmation }) {
  const ref = useRef<HTMLElement>(null);
  // React applies autoFocus itself only to form controls: with script, the card is focused here.
  useEffect(() => ref.current?.focus(), [confirm]);
  return (
    // Focused when it appears (autofocus works without script too), so the question is read first.
    <section ref={ref} className="tc-card tc-confirm" aria-labelledby="confirm-heading" tabIndex={-1} autoFocus>
      <h2 id="confirm-heading">{confirm.question}</h2>
      <p>{confirm.consequence}</p>
      <Form method="post" className="tc-actions">
        <input type="hidden" name="intent" value={confirm.intent} />
        {Object.entries(confirm.fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="confirm" value="yes" />
        <Button type="submit" variant="danger">
          {confirm.confirmLabel}
        </Button>
        <Link to=".">Cancel</Link>
      </Form>
    </section>
  );
}

const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** The member's open request to move to Pro, with the two decisions (each audited). */
function ProRequestCard({ request }: { request: { id: string; createdAt: string | Date; message: string | null } }) {
  return (
    <Card aria-labelledby="pro-request-heading">
      <h2 id="pro-request-heading">Pro request waiting</h2>
      <p>Requested on {date.format(new Date(request.createdAt))} (UTC). Approving moves the member to PRO at once.</p>
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
