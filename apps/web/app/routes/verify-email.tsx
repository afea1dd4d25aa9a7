import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { apiFor, httpStatusOf, TRPCError } from "@tradecraft/api";
import { Alert, AppShell, Button } from "@tradecraft/ui";

export const meta: MetaFunction = () => [{ title: "Confirm your email · Tradecraft" }, { name: "robots", content: "noindex" }];

// Opening the link changes nothing (mail scanners open links too): the member confirms with a button.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token")?.trim() ?? "";
  const api = await apiFor(request);
  const signedIn = await api.system.whoami().then(
    () => true,
    () => false,
  );
  return Response.json({ token, signedIn }, { status: token ? 200 : 400, headers: { "Referrer-Policy": "no-referrer" } });
}

type ActionData = { ok: true; message: string } | { ok: false; message: string };

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const api = await apiFor(request);
  const signedIn = await api.system.whoami().then(
    () => true,
    () => false,
  );
  try {
    const result = await api.auth.verifyEmail({ token: String(form.get("token") ?? "") });
    if (signedIn) return redirect(result.kind === "verified" ? "/app?verified=1" : "/app/settings/profile?emailChanged=1");
    const message =
      result.kind === "verified"
        ? `Thank you: ${result.email} is confirmed.`
        : `Your account's email is now ${result.email}. Sign in with it from now on.`;
    return Response.json({ ok: true, message } satisfies ActionData);
  } catch (error) {
    if (!(error instanceof TRPCError) || httpStatusOf(error) >= 500) throw error;
    return Response.json({ ok: false, message: error.message } satisfies ActionData, { status: httpStatusOf(error) });
  }
}

export default function VerifyEmail() {
  const { token, signedIn } = useLoaderData<{ token: string; signedIn: boolean }>();
  const data = useActionData<ActionData>();
  const submitting = useNavigation().state === "submitting";
  const home = signedIn ? <Link to="/app">Go to your journal</Link> : <Link to="/login">Sign in</Link>;
  return (
    <AppShell nav={signedIn ? [{ href: "/app", label: "Your journal" }] : [{ href: "/login", label: "Sign in" }]}>
      <div className="tc-narrow">
        <h1>Confirm your email</h1>
        {data?.ok ? (
          <>
            <Alert tone="success">{data.message}</Alert>
            <p>{home}</p>
          </>
        ) : !token ? (
          <>
            <Alert tone="error">This page needs the link from your email. Open the link in the message we sent you.</Alert>
            <p>{signedIn ? <Link to="/app">Send a new link from your home page</Link> : home}</p>
          </>
        ) : (
          <>
            {data ? (
              <>
                <Alert tone="error">{data.message}</Alert>
                <p>{signedIn ? <Link to="/app">Send a new link from your home page</Link> : <>Sign in to ask for a new link. {home}</>}</p>
              </>
            ) : (
              <p className="tc-muted">One click and your email is confirmed.</p>
            )}
            {data ? null : (
              <Form method="post">
                <input type="hidden" name="token" value={token} />
                <Button type="submit" disabled={submitting}>
                  {submitting ? "Confirming…" : "Confirm my email"}
                </Button>
              </Form>
            )}
          </>
        )}
      </div>
    </AppShell>
  );
}
