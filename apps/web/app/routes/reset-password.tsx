import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { apiFor, httpStatusOf, TRPCError } from "@tradecraft/api";
import { Alert, AppShell, Button, PasswordField } from "@tradecraft/ui";
import { type FormFailure, formFailure } from "~/lib/forms.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Tradecraft" }, { name: "robots", content: "noindex" }];

type LoaderData = { ok: true; token: string; email: string } | { ok: false; message: string };

// Opening the link only checks it: the token is used up when the new password is saved.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token")?.trim() ?? "";
  const api = await apiFor(request);
  try {
    const { email } = await api.auth.checkResetToken({ token });
    return Response.json({ ok: true, token, email } satisfies LoaderData, { headers: { "Referrer-Policy": "no-referrer" } });
  } catch (error) {
    if (!(error instanceof TRPCError) || httpStatusOf(error) >= 500) throw error;
    const message = token ? error.message : "This page needs the link from your email. Ask for a new one below.";
    return Response.json({ ok: false, message } satisfies LoaderData, { status: 400 });
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const api = await apiFor(request);
  try {
    await api.auth.resetPassword({
      token: String(form.get("token") ?? ""),
      password: String(form.get("password") ?? ""),
      confirmPassword: String(form.get("confirmPassword") ?? ""),
    });
  } catch (error) {
    const { data, status } = formFailure(error);
    return Response.json(data satisfies FormFailure, { status });
  }
  return redirect("/app?passwordReset=1");
}

export default function ResetPassword() {
  const loaded = useLoaderData<LoaderData>();
  const data = useActionData<FormFailure>();
  const submitting = useNavigation().state === "submitting";
  return (
    <AppShell nav={[{ href: "/login", label: "Sign in" }]}>
      <div className="tc-narrow">
        <h1>Choose a new password</h1>
        {!loaded.ok ? (
          <>
            <Alert tone="error">{loaded.message}</Alert>
            <p>
              <Link to="/forgot-password">Get a new link</Link>
            </p>
          </>
        ) : (
          <>
            <p className="tc-muted">
              For <strong>{loaded.email}</strong>. Every device signed in to your account will be signed out.
            </p>
            {data?.formError ? <Alert tone="error">{data.formError}</Alert> : null}
            <Form method="post" noValidate>
              <input type="hidden" name="token" value={loaded.token} />
              <input type="hidden" name="username" autoComplete="username" value={loaded.email} />
              <PasswordField
                label="New password"
                name="password"
                autoComplete="new-password"
                required
                minLength={12}
                maxLength={256}
                hint="At least 12 characters. A phrase of unrelated words is strong and easy to remember."
                context={{ email: loaded.email }}
                error={data?.fieldErrors.password}
              />
              <PasswordField
                label="Confirm the new password"
                name="confirmPassword"
                autoComplete="new-password"
                required
                maxLength={256}
                meter={false}
                error={data?.fieldErrors.confirmPassword}
              />
              <Button type="submit" disabled={submitting}>
                {submitting ? "Saving…" : "Save my new password"}
              </Button>
            </Form>
          </>
        )}
      </div>
    </AppShell>
  );
}
