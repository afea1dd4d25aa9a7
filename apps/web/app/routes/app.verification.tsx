import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { httpStatusOf, safeRedirect, TRPCError } from "@tradecraft/api";
import { Alert, Button } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Confirm your email · Tradecraft" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const { email, emailVerified } = await api.account.profile();
  return { email, emailVerified };
}

// The banner's "Resend the link" button posts here; on success the page it came from says so.
export async function action({ request }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const form = await request.formData();
  const back = safeRedirect(String(form.get("returnTo") ?? ""), "/app");
  try {
    await api.account.resendVerification();
    return redirect(`${back}${back.includes("?") ? "&" : "?"}verification=sent`);
  } catch (error) {
    const status = httpStatusOf(error);
    if (!(error instanceof TRPCError) || status >= 500) throw error;
    return Response.json({ message: error.message }, { status });
  }
}

export default function Verification() {
  const { email, emailVerified } = useLoaderData<typeof loader>();
  const data = useActionData<{ message: string }>();
  return (
    <div className="tc-narrow">
      <h1>Confirm your email</h1>
      {data ? <Alert tone="error">{data.message}</Alert> : null}
      {emailVerified ? (
        <p>
          <strong>{email}</strong> is confirmed. <Link to="/app">Back to your home page</Link>.
        </p>
      ) : (
        <>
          <p>
            We sent a link to <strong>{email}</strong>. Follow it to confirm your address; it works for 24 hours. You
            can ask for a new link 3 times an hour.
          </p>
          <Form method="post">
            <Button type="submit">Send a new link</Button>
          </Form>
        </>
      )}
    </div>
  );
}
