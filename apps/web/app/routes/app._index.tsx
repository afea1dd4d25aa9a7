import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert, EmptyState, UsageMeter } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Home · Tradecraft" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, api } = await requireUser(request);
  // The home page still opens when usage cannot be read; the meter is left out instead.
  const usage = await api.usage.summary().catch(() => null);
  return { user: { displayName: user.displayName, tier: user.tier }, usage };
}

export default function MemberHome() {
  const { user, usage } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="tc-stack">
      {params.get("verified") === "1" ? <Alert tone="success">Your email is confirmed.</Alert> : null}
      {params.get("passwordReset") === "1" ? (
        <Alert tone="success">Your password was changed. Every other device was signed out.</Alert>
      ) : null}
      <h1>Welcome, {user.displayName}</h1>
      <p className="tc-muted">{user.tier === "PRO" ? "Pro member" : "Free member"}</p>
      {usage ? <UsageMeter tier={usage.tier} conversations={usage.conversations} gradings={usage.gradings} /> : null}
      <EmptyState title="Your journal is empty">
        The trade journal, imports and statistics open here next. Until then, your account is ready.
      </EmptyState>
    </div>
  );
}
