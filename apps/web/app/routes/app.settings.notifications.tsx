import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Alert, Button, Card, ErrorSummary, TextField } from "@tradecraft/ui";
import alertStyles from "~/components/alerts/alerts.css?url";
import { requireUser } from "~/lib/auth.server";
import { type FormFailure, formFailure } from "~/lib/forms.server";

export const meta: MetaFunction = () => [{ title: "Notifications · Settings · Tradecraft" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: alertStyles }];

const KINDS = [
  { kind: "PRICE_ALERT", label: "Price alerts", hint: "When one of your alerts fires" },
  { kind: "WEBHOOK_DISABLED", label: "Webhook problems", hint: "When your webhook keeps failing and is turned off" },
] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { api, user } = await requireUser(request);
  const [preferences, webhook] = await Promise.all([api.notifications.preferences(), api.notifications.webhook()]);
  return { preferences, webhook, email: user.email };
}

type ActionData = FormFailure & {
  intent: string;
  url: string;
  secret?: string;
  test?: { ok: boolean; status: number | null; error: string | null };
};

// Each form names its intent; a change answers with a redirect, except a new secret (shown once,
// so it is in this answer and nowhere else) and a test's result.
export async function action({ request }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const url = String(form.get("url") ?? "").slice(0, 4096);
  try {
    if (intent === "preferences") {
      const kinds = Object.fromEntries(
        KINDS.map(({ kind }) => [
          kind,
          { email: form.get(`${kind}.email`) === "on", webhook: form.get(`${kind}.webhook`) === "on" },
        ]),
      );
      await api.notifications.setPreferences({ kinds });
      return redirect("/app/settings/notifications?done=saved");
    }
    if (intent === "set-webhook") {
      const saved = await api.notifications.setWebhook({ url });
      return Response.json({
        fieldErrors: {},
        formError: null,
        intent,
        url: saved.url,
        secret: saved.secret,
      } satisfies ActionData);
    }
    if (intent === "rotate-secret") {
      const { secret } = await api.notifications.rotateWebhookSecret();
      return Response.json({ fieldErrors: {}, formError: null, intent, url, secret } satisfies ActionData);
    }
    if (intent === "test-webhook") {
      const result = await api.notifications.testWebhook();
      return Response.json({
        fieldErrors: {},
        formError: null,
        intent,
        url,
        test: { ok: result.ok, status: result.status, error: result.error ?? null },
      } satisfies ActionData);
    }
    if (intent === "remove-webhook") {
      await api.notifications.removeWebhook();
      return redirect("/app/settings/notifications?done=removed");
    }
    return new Response("Unknown action", { status: 400 });
  } catch (error) {
    const { data, status } = formFailure(error);
    return Response.json({ ...data, intent, url } satisfies ActionData, { status });
  }
}

export default function NotificationSettings() {
  const { preferences, webhook, email } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const done = params.get("done");
  return (
    <div className="tc-stack">
      <h1>Notifications</h1>
      {done && !data ? (
        <Alert tone="success">{done === "removed" ? "The webhook was removed." : "Your choices were saved."}</Alert>
      ) : null}
      <ErrorSummary fieldErrors={data?.fieldErrors} fieldIds={{ url: "webhook-url" }} formError={data?.formError} />
      <Card aria-labelledby="channels-heading">
        <h2 id="channels-heading">How you are told</h2>
        <p className="tc-muted">
          Every notification shows in the app (the bell). Choose which also go by email to {email} or to your webhook.
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="preferences" />
          {KINDS.map(({ kind, label, hint }) => (
            <fieldset key={kind} className="tc-alert-form__move">
              <legend>{label}</legend>
              <p className="tc-muted">{hint}</p>
              <label className="tc-check">
                <input type="checkbox" name={`${kind}.email`} defaultChecked={preferences[kind].email} /> Email
              </label>{" "}
              <label className="tc-check">
                <input type="checkbox" name={`${kind}.webhook`} defaultChecked={preferences[kind].webhook} /> Webhook
              </label>
            </fieldset>
          ))}
          <Button type="submit" disabled={busy}>
            Save choices
          </Button>
        </Form>
      </Card>
      <Card aria-labelledby="webhook-heading">
        <h2 id="webhook-heading">Webhook</h2>
        <p className="tc-muted">
          We POST each notification as JSON to your https:// address, signed with HMAC-SHA256 in the
          Tradecraft-Signature header (t=unix seconds,v1=hex of “t.body”), within 3 seconds, retrying failures.
        </p>
        {data?.secret ? (
          <Alert tone="success">
            Your signing secret (shown once, copy it now): <code className="tc-secret">{data.secret}</code>
          </Alert>
        ) : null}
        {data?.test ? (
          <Alert tone={data.test.ok ? "success" : "info"}>
            {data.test.ok
              ? `The test arrived (HTTP ${data.test.status}).`
              : `The test did not arrive: ${data.test.error ?? `HTTP ${data.test.status}`}.`}
          </Alert>
        ) : null}
        {webhook?.disabledAt ? (
          <Alert tone="info">
            This webhook was turned off after {webhook.failures} failed deliveries
            {webhook.lastError ? ` (last: ${webhook.lastError})` : ""}. Save its address again to turn it back on.
          </Alert>
        ) : null}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="set-webhook" />
          <TextField
            id="webhook-url"
            name="url"
            type="url"
            label="Address"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            hint={
              webhook ? `Signing secret ends in …${webhook.secretHint}` : "An https:// address on the public internet"
            }
            defaultValue={data?.intent === "set-webhook" ? data.url : (webhook?.url ?? "")}
            error={data?.fieldErrors.url}
          />
          <Button type="submit" disabled={busy}>
            {webhook ? "Save address" : "Add webhook"}
          </Button>
        </Form>
        {webhook ? (
          <div className="tc-alert-actions">
            {[
              ["test-webhook", "Send a test"],
              ["rotate-secret", "New signing secret"],
              ["remove-webhook", "Remove webhook"],
            ].map(([intent, label]) => (
              <Form method="post" key={intent}>
                <input type="hidden" name="intent" value={intent} />
                <Button type="submit" variant={intent === "remove-webhook" ? "danger" : "secondary"} disabled={busy}>
                  {label}
                </Button>
              </Form>
            ))}
          </div>
        ) : null}
      </Card>
    </div>
  );
}
