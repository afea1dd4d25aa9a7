import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Button, Card, ErrorSummary, TextField } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";
import { type FormFailure, formFailure } from "~/lib/forms.server";

export const meta: MetaFunction = () => [{ title: "Your data · Tradecraft" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

const EXPORT_ROUTE = "/app/settings/data/export";
const UNKNOWN_INTENT: FormFailure = { fieldErrors: {}, formError: "Choose what to do with one of the buttons." };
const DELETE_FIELD_IDS = { password: "delete-password", confirm: "delete-confirm" };
/** A refused deletion comes back with the confirmation word as typed (never the password). */
type ActionData = FormFailure & { confirm?: string };

export async function action({ request }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const form = await request.formData();
  const intent = form.get("intent");
  // The download button posts to the resource route itself (a page action's answer is page data,
  // not a file); a POST that lands here anyway is passed on, method and body kept.
  if (intent === "export") return redirect(EXPORT_ROUTE, 307);
  if (intent !== "delete") return Response.json(UNKNOWN_INTENT, { status: 400 });
  try {
    await api.account.deleteAccount({
      password: String(form.get("password") ?? ""),
      confirm: String(form.get("confirm") ?? ""),
    });
  } catch (error) {
    const { data, status } = formFailure(error);
    return Response.json({ ...data, confirm: String(form.get("confirm") ?? "") } satisfies ActionData, { status });
  }
  return redirect("/?deleted=1");
}

export default function YourData() {
  const data = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="tc-stack">
      <h1>Your data</h1>
      <Card aria-labelledby="export-heading">
        <h2 id="export-heading">Download your data</h2>
        <p>
          One JSON file with everything we hold about you: your account and profile, where you are signed in, the emails
          we sent you and your account activity. Passwords and sign-in tokens are never included.
        </p>
        {/* A full-page POST to a resource route, so the browser saves the file with or without JavaScript. */}
        <Form method="post" action={EXPORT_ROUTE} reloadDocument>
          <input type="hidden" name="intent" value="export" />
          <Button type="submit" variant="secondary">
            Download my data (JSON)
          </Button>
        </Form>
      </Card>
      <Card aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete your account</h2>
        <p>
          This deletes your account and everything in it: profile, sessions, journal, imports, grades and coach
          conversations. It cannot be undone. Our audit log keeps a record that an account was deleted, without your
          personal details.
        </p>
        <ErrorSummary fieldErrors={data?.fieldErrors} fieldIds={DELETE_FIELD_IDS} formError={data?.formError} />
        <Form method="post" noValidate className="tc-narrow">
          <input type="hidden" name="intent" value="delete" />
          <TextField
            id={DELETE_FIELD_IDS.password}
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            error={data?.fieldErrors.password}
          />
          <TextField
            id={DELETE_FIELD_IDS.confirm}
            label="Type DELETE to confirm"
            name="confirm"
            autoComplete="off"
            required
            defaultValue={data?.confirm}
            error={data?.fieldErrors.confirm}
          />
          <Button type="submit" variant="danger" disabled={busy}>
            Delete my account permanently
          </Button>
        </Form>
      </Card>
    </div>
  );
}
