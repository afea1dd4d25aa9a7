import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { apiFor, formErrorsOf, httpStatusOf, safeRedirect, TRPCError } from "@tradecraft/api";
import { Alert, AppShell, Button, TextField } from "@tradecraft/ui";

export const meta: MetaFunction = () => [{ title: "Sign in · Tradecraft Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const api = await apiFor(request, { app: "admin" });
  const signedIn = await api.admin.overview().then(
    () => true,
    () => false,
  );
  return signedIn ? redirect("/") : null;
}

interface ActionData {
  fieldErrors: Record<string, string[] | undefined>;
  formError: string | null;
  email: string;
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const email = String(form.get("email") ?? "").slice(0, 254);
  const api = await apiFor(request, { app: "admin" });
  try {
    await api.auth.login({ email, password: String(form.get("password") ?? "") });
  } catch (error) {
    const inputErrors = formErrorsOf(error);
    const status = httpStatusOf(error);
    const formError = inputErrors
      ? null
      : status === 401
        ? "Email or password is incorrect"
        : status === 429 && error instanceof TRPCError
          ? error.message
          : status === 403
          ? "This account is not an admin."
          : "We couldn't sign you in. Please try again.";
    const data: ActionData = { fieldErrors: inputErrors?.fieldErrors ?? {}, formError, email };
    return Response.json(data, { status: inputErrors ? 400 : status });
  }
  return redirect(safeRedirect(form.get("redirectTo"), "/"));
}

export default function AdminLogin() {
  const data = useActionData<ActionData>();
  const [params] = useSearchParams();
  const submitting = useNavigation().state === "submitting";
  return (
    <AppShell brandSuffix="Admin">
      <div className="tc-narrow">
        <h1>Sign in</h1>
        <p className="tc-muted">The admin app is for Tradecraft's administrators.</p>
        {data?.formError ? <Alert tone="error">{data.formError}</Alert> : null}
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
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
