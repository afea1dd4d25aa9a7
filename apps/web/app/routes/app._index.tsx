import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert, EmptyState } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Home · Tradecraft" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  return { user: { displayName: user.displayName, tier: user.tier } };
}

export default function MemberHome() {
  const { user } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("verified") === "1" ? <Alert tone="success">Your email is confirmed.</Alert> : null}
      {params.get("passwordReset") === "1" ? (
        <Alert tone="success">Your password was changed. Every other device was signed out.</Alert>
      ) : null}
      <h1>Welcome, {user.displayName}</h1>
      <p className="tc-muted">{user.tier === "PRO" ? "Pro member" : "Free member"}</p>
      <EmptyState title="Your journal is empty">
        The trade journal, imports and statistics open here next. Until then, your account is ready.
      </EmptyState>
    </>
  );
}
