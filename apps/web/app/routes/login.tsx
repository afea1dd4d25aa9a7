import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { apiFor, formErrorsOf, httpStatusOf, safeRedirect, TRPCError } from "@tradecraft/api";
import { Alert, AppShell, Button, TextField } from "@tradecraft/ui";
import { requireAnonymous } from "~/lib/auth.server";

export const meta: MetaFunction = () => [
  { title: "Sign in · Tradecraft" },
  { name: "description", content: "Sign in to your Tradecraft journal." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

interface ActionData {
  fieldErrors: Record<string, string[] | undefined>;
  formError: string | null;
  email: string;
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const email = String(form.get("email") ?? "").slice(0, 254);
  const api = await apiFor(request);
  try {
    await api.auth.login({ email, password: String(form.get("password") ?? "") });
  } catch (error) {
    const inputErrors = formErrorsOf(error);
    const status = httpStatusOf(error);
    const data: ActionData = {
      fieldErrors: inputErrors?.fieldErrors ?? {},
      formError: inputErrors
        ? null
        : status === 401
          ? "Email or password is incorrect"
          : status === 429 && error instanceof TRPCError
            ? error.message
            : "We couldn't sign you in. Please try again.",
      email,
    };
    return Response.json(data, { status: inputErrors ? 400 : status });
  }
  return redirect(safeRedirect(form.get("redirectTo"), "/app"));
}

export default function Login() {
  const data = useActionData<ActionData>();
  const [params] = useSearchParams();
  const submitting = useNavigation().state === "submitting";
  return (
    <AppShell nav={[{ href: "/", label: "Home" }]}>
      <div className="tc-narrow">
        <h1>Sign in</h1>
        <p className="tc-muted">
          Welcome back. New here? <Link to="/signup">Create an account</Link>.
        </p>
        {data?.formError ? <Alert tone="error">{data.formError}</Alert> : null}
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/app"} />
          <TextField
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            required
            defaultValue={data?.email}
            error={data?.fieldErrors.email}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            error={data?.fieldErrors.password}
          />
          <Button type="submit" disabled={submitting}>
            {submitting ? "Signing in…" : "Sign in"}
          </Button>
        </Form>
      </div>
    </AppShell>
  );
}
