import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formErrorsOf, httpStatusOf, TRPCError } from "@tradecraft/api";
import { Alert, Button, Card, ErrorSummary, Table, TextField } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Security · Tradecraft" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  return { sessions: await api.account.sessions() };
}

type ActionData =
  | { intent: "changePassword"; ok: true; message: string }
  | { intent: "changePassword"; ok: false; fieldErrors: Record<string, string[] | undefined>; formError: string | null }
  | { intent: "sessions"; ok: boolean; message: string };

export async function action({ request }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "changePassword") {
    try {
      const { revokedSessions } = await api.account.changePassword({
        currentPassword: String(form.get("currentPassword") ?? ""),
        newPassword: String(form.get("newPassword") ?? ""),
      });
      const others = revokedSessions === 1 ? "1 other session was" : `${revokedSessions} other sessions were`;
      return Response.json({
        intent,
        ok: true,
        message: `Password changed. ${others} signed out.`,
      } satisfies ActionData);
    } catch (error) {
      const inputErrors = formErrorsOf(error);
      const formError = inputErrors
        ? null
        : error instanceof TRPCError && httpStatusOf(error) < 500
          ? error.message
          : "Please try again.";
      const data: ActionData = { intent, ok: false, fieldErrors: inputErrors?.fieldErrors ?? {}, formError };
      return Response.json(data, { status: httpStatusOf(error) });
    }
  }
  if (intent === "revoke") {
    try {
      await api.account.revokeSession({ sessionId: String(form.get("sessionId") ?? "") });
      return Response.json({
        intent: "sessions",
        ok: true,
        message: "That session was signed out.",
      } satisfies ActionData);
    } catch (error) {
      const data: ActionData = {
        intent: "sessions",
        ok: false,
        message: "That session was not found; it may have ended already.",
      };
      return Response.json(data, { status: httpStatusOf(error) });
    }
  }
  if (intent === "revokeOthers") {
    const { revoked } = await api.account.revokeOtherSessions();
    return Response.json({
      intent: "sessions",
      ok: true,
      message: `Signed out ${revoked} other session${revoked === 1 ? "" : "s"}.`,
    } satisfies ActionData);
  }
  return Response.json({ intent: "sessions", ok: false, message: "Unknown action." } satisfies ActionData, {
    status: 400,
  });
}

const PASSWORD_FIELD_IDS = { currentPassword: "currentPassword", newPassword: "newPassword" };

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default function Security() {
  const { sessions } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const passwordResult = data?.intent === "changePassword" ? data : null;
  const sessionResult = data?.intent === "sessions" ? data : null;
  return (
    <div className="tc-stack">
      <h1>Security</h1>
      <Card aria-labelledby="password-heading">
        <h2 id="password-heading">Change password</h2>
        {passwordResult?.ok ? <Alert tone="success">{passwordResult.message}</Alert> : null}
        {passwordResult && !passwordResult.ok ? (
          <ErrorSummary
            fieldErrors={passwordResult.fieldErrors}
            fieldIds={PASSWORD_FIELD_IDS}
            formError={passwordResult.formError}
          />
        ) : null}
        <Form method="post" noValidate className="tc-narrow">
          <input type="hidden" name="intent" value="changePassword" />
          <TextField
            id={PASSWORD_FIELD_IDS.currentPassword}
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            error={passwordResult && !passwordResult.ok ? passwordResult.fieldErrors.currentPassword : null}
          />
          <TextField
            id={PASSWORD_FIELD_IDS.newPassword}
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            hint="At least 12 characters. Other browsers signed in to your account will be signed out."
            error={passwordResult && !passwordResult.ok ? passwordResult.fieldErrors.newPassword : null}
          />
          <Button type="submit" disabled={busy}>
            Change password
          </Button>
        </Form>
      </Card>
      <Card aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Where you're signed in</h2>
        {sessionResult ? <Alert tone={sessionResult.ok ? "success" : "error"}>{sessionResult.message}</Alert> : null}
        <Table
          stackOnPhone
          caption="Active sessions, most recently used first (times in UTC)"
          rowKey={(s) => s.id}
          rows={sessions}
          columns={[
            {
              key: "device",
              header: "Browser",
              cell: (s) => (
                <>
                  {s.browser} on {s.os}
                  {s.isCurrent ? <strong> · this browser</strong> : null}
                </>
              ),
            },
            { key: "ip", header: "Approximate IP", cell: (s) => s.approximateIp },
            { key: "created", header: "Signed in (UTC)", cell: (s) => dateTime.format(new Date(s.createdAt)) },
            { key: "seen", header: "Last active (UTC)", cell: (s) => dateTime.format(new Date(s.lastSeenAt)) },
            {
              key: "actions",
              header: <span className="tc-visually-hidden">Actions</span>,
              cell: (s) =>
                s.isCurrent ? null : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="sessionId" value={s.id} />
                    <Button
                      type="submit"
                      variant="danger"
                      aria-label={`Sign out ${s.browser} on ${s.os}, last active ${dateTime.format(new Date(s.lastSeenAt))}`}
                    >
                      Sign out
                    </Button>
                  </Form>
                ),
            },
          ]}
        />
        {sessions.length > 1 ? (
          <Form method="post" className="tc-actions">
            <input type="hidden" name="intent" value="revokeOthers" />
            <Button type="submit" variant="secondary">
              Sign out all other sessions
            </Button>
          </Form>
        ) : null}
      </Card>
    </div>
  );
}
