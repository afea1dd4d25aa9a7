import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { apiFor } from "@tradecraft/api";
import { Alert, AppShell, Button, ErrorSummary, TextField } from "@tradecraft/ui";
import { requireAnonymous } from "~/lib/auth.server";
import { type FormFailure, formFailure } from "~/lib/forms.server";

export const meta: MetaFunction = () => [
  { title: "Forgot your password · Tradecraft" },
  { name: "description", content: "Get a link to choose a new Tradecraft password." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

type ActionData = ({ sent: true; message: string } | ({ sent: false } & FormFailure)) & { email: string };

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  // Not cut: an address too long is refused with a message.
  const email = String(form.get("email") ?? "");
  const api = await apiFor(request);
  try {
    const { message } = await api.auth.requestPasswordReset({ email });
    return Response.json({ sent: true, message, email } satisfies ActionData);
  } catch (error) {
    const { data, status } = formFailure(error);
    return Response.json({ sent: false, ...data, email } satisfies ActionData, { status });
  }
}

export default function ForgotPassword() {
  const data = useActionData<ActionData>();
  const submitting = useNavigation().state === "submitting";
  return (
    <AppShell nav={[{ href: "/login", label: "Sign in" }]}>
      <div className="tc-narrow">
        <h1>Forgot your password?</h1>
        {data?.sent ? (
          <>
            <Alert tone="success">{data.message}</Alert>
            <p className="tc-muted">
              Nothing arrived after a few minutes? Check your spam folder, or{" "}
              <Link to="/forgot-password">try again</Link>.
            </p>
          </>
        ) : (
          <>
            <p className="tc-muted">
              Enter the email you signed up with and we will send you a link to choose a new password.
            </p>
            <ErrorSummary fieldErrors={data?.fieldErrors} fieldIds={{ email: "email" }} formError={data?.formError} />
            <Form method="post" noValidate>
              <TextField
                id="email"
                label="Email"
                name="email"
                type="email"
                autoComplete="email"
                required
                defaultValue={data?.email}
                error={data?.fieldErrors.email}
              />
              <Button type="submit" disabled={submitting}>
                {submitting ? "Sending…" : "Send me a link"}
              </Button>
            </Form>
          </>
        )}
        <p className="tc-muted">
          Remembered it? <Link to="/login">Sign in</Link>.
        </p>
      </div>
    </AppShell>
  );
}
