import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { apiFor } from "@tradecraft/api";
import { Alert, AppShell, Button, ErrorSummary, PasswordField } from "@tradecraft/ui";
import { type FormFailure, formFailure, linkProblemOf } from "~/lib/forms.server";

export const meta: MetaFunction = () => [
  { title: "Choose a new password · Tradecraft" },
  { name: "robots", content: "noindex" },
];

// The token is in this page's URL: no Referer carries it to another site ("no-referrer" would make
// the browser send "Origin: null" with a script-free form, which the CSRF check refuses).
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "same-origin" });

type LoaderData = { ok: true; token: string; email: string } | { ok: false; message: string };
/** A refused password (field errors), or a link that stopped working since the page opened. */
type ActionData = FormFailure | { linkProblem: string };

// Opening the link only checks it: the token is used up when the new password is saved.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token")?.trim() ?? "";
  const api = await apiFor(request);
  try {
    const { email } = await api.auth.checkResetToken({ token });
    return Response.json({ ok: true, token, email } satisfies LoaderData);
  } catch (error) {
    const problem = linkProblemOf(error);
    const message = token ? problem.message : "This page needs the link from your email. Ask for a new one below.";
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
    const { password, confirmPassword } = data.fieldErrors;
    if (password || confirmPassword) return Response.json(data satisfies ActionData, { status });
    // Anything else is the link (used meanwhile, expired, mangled): the form cannot help any more.
    return Response.json({ linkProblem: linkProblemOf(error).message } satisfies ActionData, { status });
  }
  return redirect("/app?passwordReset=1");
}

export default function ResetPassword() {
  const loaded = useLoaderData<LoaderData>();
  const data = useActionData<ActionData>();
  const submitting = useNavigation().state === "submitting";
  const linkProblem = !loaded.ok ? loaded.message : data && "linkProblem" in data ? data.linkProblem : null;
  const failure = data && "fieldErrors" in data ? data : null;
  return (
    <AppShell nav={[{ href: "/login", label: "Sign in" }]}>
      <div className="tc-narrow">
        <h1>Choose a new password</h1>
        {linkProblem !== null || !loaded.ok ? (
          <>
            <Alert tone="error">{linkProblem}</Alert>
            <p>
              <Link to="/forgot-password">Get a new link</Link>
            </p>
          </>
        ) : (
          <>
            <p className="tc-muted">
              For <strong>{loaded.email}</strong>. Every device signed in to your account will be signed out.
            </p>
            <ErrorSummary
              fieldErrors={failure?.fieldErrors}
              fieldIds={{ password: "password", confirmPassword: "confirmPassword" }}
              formError={failure?.formError}
            />
            <Form method="post" noValidate>
              <input type="hidden" name="token" value={loaded.token} />
              <input type="hidden" name="username" autoComplete="username" value={loaded.email} />
              <PasswordField
                id="password"
                label="New password"
                name="password"
                autoComplete="new-password"
                required
                minLength={12}
                hint="At least 12 characters. A phrase of unrelated words is strong and easy to remember."
                context={{ email: loaded.email }}
                error={failure?.fieldErrors.password}
              />
              <PasswordField
                id="confirmPassword"
                label="Confirm the new password"
                name="confirmPassword"
                autoComplete="new-password"
                required
                meter={false}
                error={failure?.fieldErrors.confirmPassword}
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
