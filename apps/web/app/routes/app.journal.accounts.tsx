import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { BROKER_LABELS, BROKERS } from "@tradecraft/api/constants";
import { Alert, Button, Card, ErrorSummary, SelectField, Table, TextField } from "@tradecraft/ui";
import { ConfirmDelete, RowActions } from "~/components/manage-list";
import { requireUser } from "~/lib/auth.server";
import { formatCount, formatMoney } from "~/lib/format";
import { type FormFailure, formFailure } from "~/lib/forms.server";
import { orRefusal } from "~/lib/journal.server";
import { useFormResetKey } from "~/lib/form-key";

export const meta: MetaFunction = () => [{ title: "Accounts · Journal · Tradecraft" }];

// Like the setups page: ?edit=<id> and ?delete=<id> show that account's form, so every step
// is a link or a POST and works without JavaScript.
export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const url = new URL(request.url);
  const accounts = await api.accounts.list();
  const pick = (key: string) => accounts.find((a) => a.id === url.searchParams.get(key)) ?? null;
  return { accounts, editing: pick("edit"), deleting: pick("delete"), done: url.searchParams.get("done") };
}

interface AccountValues {
  name: string;
  broker: string;
  currency: string;
  startingBalance: string;
}
type ActionData = FormFailure & { intent: string; values: AccountValues };

const DONE = { create: "created", update: "saved", delete: "deleted" } as const;

export async function action({ request }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const intent = text("intent");
  const values: AccountValues = {
    name: text("name"),
    broker: text("broker"),
    currency: text("currency"),
    startingBalance: text("startingBalance"),
  };
  const input = {
    name: values.name,
    broker: (values.broker || "generic") as never,
    currency: values.currency,
    startingBalance: values.startingBalance || null,
  };
  try {
    if (intent === "create") await api.accounts.create(input);
    else if (intent === "update") await api.accounts.update({ accountId: text("accountId"), ...input });
    else if (intent === "delete") await orRefusal(api.accounts.delete({ accountId: text("accountId") }));
    else return new Response("Unknown action", { status: 400 });
    return redirect(`/app/journal/accounts?done=${DONE[intent]}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    const { data, status } = formFailure(error);
    return Response.json({ ...data, intent, values } satisfies ActionData, { status });
  }
}

const ACCOUNT_FIELD_IDS = {
  name: "account-name",
  broker: "account-broker",
  currency: "account-currency",
  startingBalance: "account-startingBalance",
};

function AccountFields({ errors, values }: { errors: FormFailure["fieldErrors"]; values: AccountValues }) {
  return (
    <>
      <TextField
        id={ACCOUNT_FIELD_IDS.name}
        label="Account name"
        name="name"
        required
        hint="At most 60 characters"
        defaultValue={values.name}
        error={errors.name}
      />
      <SelectField
        id={ACCOUNT_FIELD_IDS.broker}
        label="Broker"
        name="broker"
        defaultValue={values.broker || "generic"}
        options={BROKERS.map((b) => ({ value: b, label: BROKER_LABELS[b] }))}
        error={errors.broker}
      />
      <TextField
        id={ACCOUNT_FIELD_IDS.currency}
        label="Currency"
        name="currency"
        hint="Three letters, like USD or EUR"
        defaultValue={values.currency || "USD"}
        error={errors.currency}
      />
      <TextField
        id={ACCOUNT_FIELD_IDS.startingBalance}
        label="Starting balance (optional)"
        name="startingBalance"
        inputMode="decimal"
        defaultValue={values.startingBalance}
        error={errors.startingBalance}
      />
    </>
  );
}

export default function Accounts() {
  const { accounts, editing, deleting, done } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const formKey = useFormResetKey(data);
  const errorsFor = (intent: string) => (data?.intent === intent ? data.fieldErrors : {});
  const valuesFor = (intent: string, stored: AccountValues) => (data?.intent === intent ? data.values : stored);
  return (
    <div className="tc-stack">
      <p>
        <Link to="/app/journal">← Journal</Link>
      </p>
      <h1>Brokerage accounts</h1>
      {done ? (
        <Alert tone="success">The account was {done === "deleted" ? "deleted with its trades" : done}.</Alert>
      ) : null}
      <ErrorSummary fieldErrors={data?.fieldErrors} fieldIds={ACCOUNT_FIELD_IDS} formError={data?.formError} />
      <Table
        stackOnPhone
        caption="Your accounts"
        rowKey={(a) => a.id}
        rows={accounts}
        empty="No accounts yet: add your first below."
        columns={[
          { key: "name", header: "Name", cell: (a) => a.name },
          { key: "broker", header: "Broker", cell: (a) => BROKER_LABELS[a.broker] },
          { key: "currency", header: "Currency", cell: (a) => a.currency },
          {
            key: "balance",
            header: "Starting balance",
            numeric: true,
            cell: (a) => formatMoney(a.startingBalance, a.currency),
          },
          {
            key: "trades",
            header: "Trades",
            numeric: true,
            cell: (a) => (
              <Link to={`/app/journal?accountId=${encodeURIComponent(a.id)}`}>{formatCount(a.tradeCount)}</Link>
            ),
          },
          {
            key: "actions",
            header: "Actions",
            cell: (a) => <RowActions id={a.id} name={a.name} />,
          },
        ]}
      />
      {deleting ? (
        <ConfirmDelete
          name={deleting.name}
          idField="accountId"
          id={deleting.id}
          confirmLabel="Yes, delete the account and its trades"
          keepHref="/app/journal/accounts"
          busy={busy}
        >
          Its {deleting.tradeCount} trade{deleting.tradeCount === 1 ? "" : "s"}, their fills and its import history are
          deleted with it. This cannot be undone.
        </ConfirmDelete>
      ) : null}
      {editing ? (
        <Card aria-labelledby="edit-heading" className="tc-narrow">
          <h2 id="edit-heading">Edit “{editing.name}”</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="update" />
            <input type="hidden" name="accountId" value={editing.id} />
            <AccountFields
              errors={errorsFor("update")}
              values={valuesFor("update", { ...editing, startingBalance: editing.startingBalance ?? "" })}
            />
            <div className="tc-actions">
              <Button type="submit" disabled={busy}>
                Save account
              </Button>
              <Link to="/app/journal/accounts">Cancel</Link>
            </div>
          </Form>
        </Card>
      ) : (
        <Card aria-labelledby="create-heading" className="tc-narrow">
          <h2 id="create-heading">Add an account</h2>
          <Form method="post" noValidate key={formKey}>
            <input type="hidden" name="intent" value="create" />
            <AccountFields
              errors={errorsFor("create")}
              values={valuesFor("create", { name: "", broker: "generic", currency: "USD", startingBalance: "" })}
            />
            <Button type="submit" disabled={busy}>
              Add account
            </Button>
          </Form>
        </Card>
      )}
    </div>
  );
}
