import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, Button, Card, ErrorSummary, Table, TextAreaField, TextField } from "@tradecraft/ui";
import { ConfirmDelete, RowActions } from "~/components/manage-list";
import { requireUser } from "~/lib/auth.server";
import { formatCount } from "~/lib/format";
import { type FormFailure, formFailure } from "~/lib/forms.server";
import { orRefusal } from "~/lib/journal.server";
import { useFormResetKey } from "~/lib/form-key";

export const meta: MetaFunction = () => [{ title: "Setups · Journal · Tradecraft" }];

// One page for the list and its three forms: ?edit=<id> and ?delete=<id> show the form for that
// setup, so each step is a plain link or POST and works without JavaScript.
export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const url = new URL(request.url);
  const setups = await api.setups.list();
  const pick = (key: string) => setups.find((s) => s.id === url.searchParams.get(key)) ?? null;
  return { setups, editing: pick("edit"), deleting: pick("delete"), done: url.searchParams.get("done") };
}

type ActionData = FormFailure & { intent: string; values: { name: string; description: string } };

const DONE = { create: "created", update: "saved", delete: "deleted" } as const;

export async function action({ request }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const intent = text("intent");
  const values = { name: String(form.get("name") ?? ""), description: String(form.get("description") ?? "") };
  try {
    if (intent === "create") await api.setups.create(values);
    else if (intent === "update") await api.setups.update({ setupId: text("setupId"), ...values });
    else if (intent === "delete") await orRefusal(api.setups.delete({ setupId: text("setupId") }));
    else return new Response("Unknown action", { status: 400 });
    return redirect(`/app/journal/setups?done=${DONE[intent]}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    const { data, status } = formFailure(error);
    return Response.json({ ...data, intent, values } satisfies ActionData, { status });
  }
}

const SETUP_FIELD_IDS = { name: "setup-name", description: "setup-description" };

function SetupFields({
  errors,
  values,
}: {
  errors: FormFailure["fieldErrors"];
  values: { name: string; description: string };
}) {
  return (
    <>
      <TextField
        id={SETUP_FIELD_IDS.name}
        label="Name"
        name="name"
        required
        hint="At most 80 characters"
        defaultValue={values.name}
        error={errors.name}
      />
      <TextAreaField
        id={SETUP_FIELD_IDS.description}
        label="Description"
        name="description"
        hint="At most 500 characters"
        defaultValue={values.description}
        error={errors.description}
      />
    </>
  );
}

export default function Setups() {
  const { setups, editing, deleting, done } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  // A new key per navigation empties the add form after a setup was added (it is uncontrolled).
  const formKey = useFormResetKey(data);
  const errorsFor = (intent: string) => (data?.intent === intent ? data.fieldErrors : {});
  const valuesFor = (intent: string, stored: { name: string; description: string }) =>
    data?.intent === intent ? data.values : stored;
  return (
    <div className="tc-stack">
      <p>
        <Link to="/app/journal">← Journal</Link>
      </p>
      <h1>Setups</h1>
      <p className="tc-muted">The patterns you trade. Give each trade its setup to compare them in your statistics.</p>
      {done ? (
        <Alert tone="success">
          The setup was {done === "deleted" ? "deleted; its trades now have no setup" : done}.
        </Alert>
      ) : null}
      <ErrorSummary fieldErrors={data?.fieldErrors} fieldIds={SETUP_FIELD_IDS} formError={data?.formError} />
      <Table
        caption="Your setups"
        rowKey={(s) => s.id}
        rows={setups}
        empty="No setups yet: add your first below."
        columns={[
          { key: "name", header: "Name", cell: (s) => s.name },
          { key: "description", header: "Description", cell: (s) => s.description || "—" },
          {
            key: "trades",
            header: "Trades",
            numeric: true,
            cell: (s) => (
              <Link to={`/app/journal?setupId=${encodeURIComponent(s.id)}`}>{formatCount(s.tradeCount)}</Link>
            ),
          },
          {
            key: "actions",
            header: "Actions",
            cell: (s) => <RowActions id={s.id} name={s.name} />,
          },
        ]}
      />
      {deleting ? (
        <ConfirmDelete
          name={deleting.name}
          idField="setupId"
          id={deleting.id}
          confirmLabel="Yes, delete the setup"
          keepHref="/app/journal/setups"
          busy={busy}
        >
          Its {formatCount(deleting.tradeCount)} trade{deleting.tradeCount === 1 ? "" : "s"} stay in your journal, with
          no setup.
        </ConfirmDelete>
      ) : null}
      {editing ? (
        <Card aria-labelledby="edit-heading" className="tc-narrow">
          <h2 id="edit-heading">Edit “{editing.name}”</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="update" />
            <input type="hidden" name="setupId" value={editing.id} />
            <SetupFields errors={errorsFor("update")} values={valuesFor("update", editing)} />
            <div className="tc-actions">
              <Button type="submit" disabled={busy}>
                Save setup
              </Button>
              <Link to="/app/journal/setups">Cancel</Link>
            </div>
          </Form>
        </Card>
      ) : (
        <Card aria-labelledby="create-heading" className="tc-narrow">
          <h2 id="create-heading">Add a setup</h2>
          <Form method="post" noValidate key={formKey}>
            <input type="hidden" name="intent" value="create" />
            <SetupFields errors={errorsFor("create")} values={valuesFor("create", { name: "", description: "" })} />
            <Button type="submit" disabled={busy}>
              Add setup
            </Button>
          </Form>
        </Card>
      )}
    </div>
  );
}
