import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, Card, ErrorSummary, Table } from "@tradecraft/ui";
import { AlertForm, type AlertFormValues, EMPTY_ALERT_FORM, FREQUENCY_OPTIONS } from "~/components/alerts/alert-form";
import alertStyles from "~/components/alerts/alerts.css?url";
import { ConfirmDelete } from "~/components/manage-list";
import { Hidden, PostButton } from "~/components/watchlists/watchlist-card";
import { alertFormValues, alertFormValuesOf, alertInputOf } from "~/lib/alerts.server";
import { requireUser } from "~/lib/auth.server";
import { type FormFailure, formFailure } from "~/lib/forms.server";
import { orRefusal } from "~/lib/journal.server";
import { useFormResetKey } from "~/lib/form-key";

export const meta: MetaFunction = () => [{ title: "Price alerts · Tradecraft" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: alertStyles }];

// ?symbol=AAPL prefills the form (the symbol page links here); ?edit=<id> and ?delete=<id> show
// that alert's form, so every step is a link or a POST and works without JavaScript.
export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const url = new URL(request.url);
  const [{ alerts, active, limit }, { events }, profile] = await Promise.all([
    api.alerts.list(),
    api.alerts.events(),
    api.account.profile(),
  ]);
  const pick = (key: string) => alerts.find((a) => a.id === url.searchParams.get(key)) ?? null;
  const editing = pick("edit");
  return {
    alerts,
    active,
    limit,
    events: events.slice(0, 20),
    timeZone: profile.timeZone,
    editing,
    editValues: editing ? alertFormValuesOf(editing, profile.timeZone) : null,
    deleting: pick("delete"),
    prefill: (url.searchParams.get("symbol") ?? "").trim().toUpperCase().slice(0, 32),
    done: url.searchParams.get("done"),
  };
}

type ActionData = FormFailure & { intent: string; values: AlertFormValues | null; alertId: string };

const DONE: Record<string, string> = {
  create: "created",
  update: "saved",
  delete: "deleted",
  pause: "paused",
  resume: "resumed",
};

export async function action({ request }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const alertId = String(form.get("alertId") ?? "").slice(0, 64);
  const values = intent === "create" || intent === "update" ? alertFormValues(form) : null;
  try {
    if (values) {
      const { timeZone } = await api.account.profile();
      const { input, expiryUnreadable } = alertInputOf(values, timeZone);
      if (expiryUnreadable) {
        const data: ActionData = {
          fieldErrors: { expiresAt: ["Enter a date and time, or leave it empty"] },
          formError: null,
          intent,
          values,
          alertId,
        };
        return Response.json(data, { status: 400 });
      }
      // The form's text goes to the API as it is: its schema is the one judge of what is valid.
      if (intent === "create") await api.alerts.create(input as never);
      else await api.alerts.update({ ...(input as object), alertId } as never);
    } else if (intent === "delete") await orRefusal(api.alerts.delete({ alertId }));
    else if (intent === "pause") await orRefusal(api.alerts.pause({ alertId }));
    else if (intent === "resume") await orRefusal(api.alerts.resume({ alertId }));
    else return new Response("Unknown action", { status: 400 });
    return redirect(`/app/alerts?done=${DONE[intent]}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    const { data, status } = formFailure(error);
    return Response.json({ ...data, intent, values, alertId } satisfies ActionData, { status });
  }
}

const STATUS_WORDS = { armed: "Armed", paused: "Paused", done: "Fired, done", expired: "Expired" } as const;
const frequencyWords = (value: string) =>
  FREQUENCY_OPTIONS.find((o) => o.value === value)?.label.replace(/ \(.*\)$/, "") ?? value;

export default function Alerts() {
  const { alerts, active, limit, events, timeZone, editing, editValues, deleting, prefill, done } =
    useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const formKey = useFormResetKey(data);
  const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone });
  const formValues = data?.values ?? editValues ?? { ...EMPTY_ALERT_FORM, symbol: prefill };
  const errors = data?.fieldErrors ?? {};
  const full = active >= limit && !editing;
  return (
    <div className="tc-stack">
      <h1>Price alerts</h1>
      <p className="tc-muted">
        {active.toLocaleString("en-US")} of {limit.toLocaleString("en-US")} active alerts. When one fires you get a
        notification here <Link to="/app/settings/notifications">and, as you choose, by email or webhook</Link>.
      </p>
      {done && !data ? <Alert tone="success">The alert was {done}.</Alert> : null}
      <ErrorSummary
        fieldErrors={errors}
        formError={data?.formError}
        fieldIds={{
          symbol: "alert-symbol",
          condition: "alert-type",
          "condition.level": "alert-level",
          "condition.amount": "alert-amount",
          "condition.unit": "alert-unit",
          "condition.window": "alert-window",
          "condition.window.minutes": "alert-minutes",
          frequency: "alert-frequency",
          expiresAt: "alert-expires",
          message: "alert-message",
        }}
      />
      {deleting ? (
        <ConfirmDelete
          name={`${deleting.symbol} ${deleting.conditionText}`}
          idField="alertId"
          id={deleting.id}
          confirmLabel="Yes, delete the alert"
          keepHref="/app/alerts"
          busy={busy}
        >
          Its history of firings goes with it. This cannot be undone.
        </ConfirmDelete>
      ) : null}
      {full ? (
        <Alert tone="info">
          You have {limit.toLocaleString("en-US")} active alerts, the most your plan keeps. Delete one to add another
          {limit < 1000 ? (
            <>
              , or <Link to="/app/settings/plan">move to Pro</Link> for 1,000
            </>
          ) : null}
          .
        </Alert>
      ) : (
        <Card aria-labelledby="alert-form-heading">
          <h2 id="alert-form-heading">{editing ? `Edit the ${editing.symbol} alert` : "New alert"}</h2>
          <AlertForm
            key={editing?.id ?? formKey}
            values={formValues}
            errors={errors}
            alertId={editing?.id}
            busy={busy}
            timeZone={timeZone}
          />
        </Card>
      )}
      <Table
        caption="Your alerts"
        stackOnPhone
        rows={alerts}
        rowKey={(a) => a.id}
        empty="No alerts yet: create one above, or from a symbol's page."
        columns={[
          {
            key: "symbol",
            header: "Symbol",
            cell: (a) => (
              <Link id={`alert-${a.id}`} to={`/app/market/${encodeURIComponent(a.symbol)}`}>
                {a.symbol}
              </Link>
            ),
          },
          { key: "condition", header: "Condition", cell: (a) => a.conditionText },
          { key: "frequency", header: "How often", cell: (a) => frequencyWords(a.frequency) },
          {
            key: "status",
            header: "Status",
            cell: (a) => (
              <span className={`tc-alert-status tc-alert-status--${a.status}`}>{STATUS_WORDS[a.status]}</span>
            ),
          },
          {
            key: "fired",
            header: "Last fired",
            cell: (a) => (a.lastFiredAt ? `${when.format(new Date(a.lastFiredAt))} (${a.fireCount}×)` : "Never"),
          },
          {
            key: "expires",
            header: "Expires",
            cell: (a) => (a.expiresAt ? when.format(new Date(a.expiresAt)) : "Never"),
          },
          {
            key: "actions",
            header: <Hidden>Actions</Hidden>,
            label: "Actions",
            cell: (a) => (
              <span className="tc-alert-actions">
                <Link
                  to={`?edit=${encodeURIComponent(a.id)}`}
                  aria-label={`Edit the ${a.symbol} alert, ${a.conditionText}`}
                >
                  Edit
                </Link>
                {a.status === "armed" || a.status === "paused" ? (
                  <PostButton
                    intent={a.status === "armed" ? "pause" : "resume"}
                    fields={{ alertId: a.id }}
                    disabled={busy}
                  >
                    {a.status === "armed" ? "Pause" : "Resume"}
                    <Hidden>
                      {" "}
                      the {a.symbol} alert, {a.conditionText}
                    </Hidden>
                  </PostButton>
                ) : null}
                <Link
                  to={`?delete=${encodeURIComponent(a.id)}`}
                  aria-label={`Delete the ${a.symbol} alert, ${a.conditionText}`}
                >
                  Delete
                </Link>
              </span>
            ),
          },
        ]}
      />
      <Table
        caption="Recent firings"
        stackOnPhone
        rows={events}
        rowKey={(e) => e.id}
        empty="Nothing has fired yet."
        columns={[
          { key: "when", header: "When", cell: (e) => when.format(new Date(e.firedAt)) },
          { key: "symbol", header: "Symbol", cell: (e) => e.symbol },
          {
            key: "price",
            header: "Price",
            numeric: true,
            cell: (e) => Number(e.price).toLocaleString("en-US", { maximumFractionDigits: 8 }),
          },
          { key: "message", header: "Message", cell: (e) => e.message },
        ]}
      />
    </div>
  );
}
