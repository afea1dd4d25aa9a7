import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Alert, Button, Card, ErrorSummary, TextField } from "@tradecraft/ui";
import alertStyles from "~/components/alerts/alerts.css?url";
import { requireUser } from "~/lib/auth.server";
import { type FormFailure, formFailure } from "~/lib/forms.server";

export const meta: MetaFunction = () => [{ title: "Notifications · Settings · Tradecraft" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: alertStyles }];

// canDigest mirrors the API's DIGEST_KINDS (it refuses a digest for other kinds anyway): a broken
// webhook is urgent, so it is always emailed at once.
const KINDS = [
  { kind: "PRICE_ALERT", label: "Price alerts", hint: "When one of your alerts fires", canDigest: true },
  {
    kind: "WEBHOOK_DISABLED",
    label: "Webhook problems",
    hint: "When your webhook keeps failing and is turned off",
    canDigest: false,
  },
] as const;

const DONE: Record<string, string> = {
  removed: "The webhook was removed.",
  "phone-saved": "Your number was saved.",
  "phone-removed": "Your number was removed; no more text messages.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { api, user } = await requireUser(request);
  const [preferences, webhook, sms] = await Promise.all([
    api.notifications.preferences(),
    api.notifications.webhook(),
    api.notifications.sms(),
  ]);
  return { preferences, webhook, sms, email: user.email };
}

type ActionData = FormFailure & {
  intent: string;
  url: string;
  phoneNumber?: string;
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
  const phoneNumber = String(form.get("phoneNumber") ?? "").slice(0, 100);
  try {
    if (intent === "preferences") {
      const kinds = Object.fromEntries(
        KINDS.map(({ kind }) => [
          kind,
          {
            email: form.get(`${kind}.email`) === "on",
            webhook: form.get(`${kind}.webhook`) === "on",
            sms: form.get(`${kind}.sms`) === "on",
            emailDigest: form.get(`${kind}.emailDigest`) === "digest",
          },
        ]),
      );
      await api.notifications.setPreferences({ kinds });
      return redirect("/app/settings/notifications?done=saved");
    }
    if (intent === "set-phone") {
      await api.notifications.setPhoneNumber({ phoneNumber });
      return redirect("/app/settings/notifications?done=phone-saved");
    }
    if (intent === "remove-phone") {
      await api.notifications.removePhoneNumber();
      return redirect("/app/settings/notifications?done=phone-removed");
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
    return Response.json({ ...data, intent, url, phoneNumber } satisfies ActionData, { status });
  }
}

export default function NotificationSettings() {
  const { preferences, webhook, sms, email } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const done = params.get("done");
  return (
    <div className="tc-stack">
      <h1>Notifications</h1>
      {done && !data ? <Alert tone="success">{DONE[done] ?? "Your choices were saved."}</Alert> : null}
      <ErrorSummary
        fieldErrors={data?.fieldErrors}
        fieldIds={{ url: "webhook-url", phoneNumber: "phone-number" }}
        formError={data?.formError}
      />
      <Card aria-labelledby="channels-heading">
        <h2 id="channels-heading">How you are told</h2>
        <p className="tc-muted">
          Every notification shows in the app (the bell). Choose which also go by email to {email}, to your webhook
          {sms.isAvailable ? " or by text message" : ""}. Price alerts can wait for one digest a day, at 8 am your time.
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="preferences" />
          {KINDS.map(({ kind, label, hint, canDigest }) => (
            <fieldset key={kind} className="tc-alert-form__move">
              <legend>{label}</legend>
              <p className="tc-muted">{hint}</p>
              <label className="tc-check">
                <input type="checkbox" name={`${kind}.email`} defaultChecked={preferences[kind].email} /> Email
              </label>{" "}
              {canDigest ? (
                <>
                  {/* Worded without "Email": the e2e tests find the checkbox above by that label. */}
                  <label className="tc-check">
                    How often{" "}
                    <select
                      name={`${kind}.emailDigest`}
                      defaultValue={preferences[kind].emailDigest ? "digest" : "each"}
                    >
                      <option value="each">Each one as it happens</option>
                      <option value="digest">Once a day, in a digest</option>
                    </select>
                  </label>{" "}
                </>
              ) : null}
              <label className="tc-check">
                <input type="checkbox" name={`${kind}.webhook`} defaultChecked={preferences[kind].webhook} /> Webhook
              </label>
              {sms.isAvailable ? (
                <>
                  {" "}
                  <label className="tc-check">
                    <input type="checkbox" name={`${kind}.sms`} defaultChecked={preferences[kind].sms} /> Text message
                  </label>
                </>
              ) : null}
            </fieldset>
          ))}
          <Button type="submit" disabled={busy}>
            Save choices
          </Button>
        </Form>
      </Card>
      {sms.isAvailable ? (
        <Card aria-labelledby="sms-heading">
          <h2 id="sms-heading">Text messages</h2>
          <p className="tc-muted">
            Kinds with “Text message” ticked above are texted to this number: the title and the start of the
            notification, at most 300 characters.
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="set-phone" />
            <TextField
              id="phone-number"
              name="phoneNumber"
              type="tel"
              label="Mobile number"
              inputMode="tel"
              autoComplete="tel"
              hint="With its country code, like +14155550123"
              defaultValue={data?.intent === "set-phone" ? data.phoneNumber : (sms.phoneNumber ?? "")}
              error={data?.fieldErrors.phoneNumber}
            />
            <Button type="submit" disabled={busy}>
              {sms.phoneNumber ? "Save number" : "Add number"}
            </Button>
          </Form>
          {sms.phoneNumber ? (
            <Form method="post">
              <input type="hidden" name="intent" value="remove-phone" />
              <Button type="submit" variant="secondary" disabled={busy}>
                Remove number
              </Button>
            </Form>
          ) : null}
        </Card>
      ) : null}
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
