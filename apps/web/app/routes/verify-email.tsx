import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { type Api, apiFor, httpStatusOf } from "@tradecraft/api";
import { Alert, AppShell, Button } from "@tradecraft/ui";
import { linkProblemOf } from "~/lib/forms.server";

export const meta: MetaFunction = () => [
  { title: "Confirm your email · Tradecraft" },
  { name: "robots", content: "noindex" },
];

// The token is in this page's URL: no Referer carries it to another site. ("no-referrer" would also
// make the browser send "Origin: null" with the form, which the CSRF check rightly refuses.)
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "same-origin" });

// Opening the link changes nothing (mail scanners open links too): the member confirms with a button.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token")?.trim() ?? "";
  const signedIn = (await signedInEmail(await apiFor(request))) !== null;
  return Response.json({ token, signedIn }, { status: token ? 200 : 400 });
}

/** The signed-in member's current address (read fresh, not from the session), or null when signed out. */
async function signedInEmail(api: Api): Promise<string | null> {
  try {
    return (await api.account.profile()).email;
  } catch (error) {
    if (httpStatusOf(error) === 401) return null;
    throw error;
  }
}

type ActionData = { ok: true; message: string } | { ok: false; message: string };

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const api = await apiFor(request);
  let result;
  try {
    result = await api.auth.verifyEmail({ token: String(form.get("token") ?? "") });
  } catch (error) {
    const { message, status } = linkProblemOf(error);
    return Response.json({ ok: false, message } satisfies ActionData, { status });
  }
  // Addresses are unique, so this is the link's own account exactly when its address is now the
  // result's; anyone else signed in on this browser reads the outcome here instead.
  if ((await signedInEmail(api)) === result.email) {
    return redirect(result.kind === "verified" ? "/app?verified=1" : "/app/settings/profile?emailChanged=1");
  }
  const message =
    result.kind === "verified"
      ? `Thank you: ${result.email} is confirmed.`
      : `Your account's email is now ${result.email}. Sign in with it from now on.`;
  return Response.json({ ok: true, message } satisfies ActionData);
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
            <Alert tone="error">
              This page needs the link from your email. Open the link in the message we sent you.
            </Alert>
            <p>{signedIn ? <Link to="/app">Send a new link from your home page</Link> : home}</p>
          </>
        ) : (
          <>
            {data ? (
              <>
                <Alert tone="error">{data.message}</Alert>
                <p>
                  {signedIn ? (
                    <Link to="/app">Send a new link from your home page</Link>
                  ) : (
                    <>Sign in to ask for a new link. {home}</>
                  )}
                </p>
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
