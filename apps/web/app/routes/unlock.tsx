import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { apiFor } from "@tradecraft/api";
import { Alert, AppShell, Button } from "@tradecraft/ui";
import { linkProblemOf } from "~/lib/forms.server";

export const meta: MetaFunction = () => [
  { title: "Unlock your account · Tradecraft" },
  { name: "robots", content: "noindex" },
];

// The token is in this page's URL: no Referer carries it to another site ("no-referrer" would make
// the browser send "Origin: null" with the form, which the CSRF check refuses).
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "same-origin" });

// Opening the link changes nothing (mail scanners open links too): the member unlocks with a button.
export function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token")?.trim() ?? "";
  return Response.json({ token }, { status: token ? 200 : 400 });
}

type ActionData = { ok: true; email: string } | { ok: false; message: string };

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const api = await apiFor(request);
  try {
    const { email } = await api.auth.unlock({ token: String(form.get("token") ?? "") });
    return Response.json({ ok: true, email } satisfies ActionData);
  } catch (error) {
    const { message, status } = linkProblemOf(error);
    return Response.json({ ok: false, message } satisfies ActionData, { status });
  }
}

export default function Unlock() {
  const { token } = useLoaderData<{ token: string }>();
  const data = useActionData<ActionData>();
  const submitting = useNavigation().state === "submitting";
  return (
    <AppShell nav={[{ href: "/login", label: "Sign in" }]}>
      <div className="tc-narrow">
        <h1>Unlock your account</h1>
        {data?.ok ? (
          <>
            <Alert tone="success">Signing in to {data.email} works again, from everywhere.</Alert>
            <p>
              <Link to="/login">Sign in</Link>. If the failed attempts were not yours,{" "}
              <Link to="/forgot-password">choose a new password</Link>.
            </p>
          </>
        ) : !token || data ? (
          <>
            <Alert tone="error">
              {data
                ? data.message
                : "This page needs the link from your email. Open the link in the message we sent you."}
            </Alert>
            <p>
              You can also <Link to="/forgot-password">choose a new password</Link>: that unlocks the account too.
            </p>
          </>
        ) : (
          <>
            <p className="tc-muted">
              After repeated failed sign-ins, signing in from some places was locked. One click lifts every lock.
            </p>
            <Form method="post">
              <input type="hidden" name="token" value={token} />
              <Button type="submit" disabled={submitting}>
                {submitting ? "Unlocking…" : "Unlock my account"}
              </Button>
            </Form>
          </>
        )}
      </div>
    </AppShell>
  );
}
