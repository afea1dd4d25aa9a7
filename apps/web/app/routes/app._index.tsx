import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { EmptyState } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Home · Tradecraft" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  return { user: { displayName: user.displayName, tier: user.tier } };
}

export default function MemberHome() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Welcome, {user.displayName}</h1>
      <p className="tc-muted">{user.tier === "PRO" ? "Pro member" : "Free member"}</p>
      <EmptyState title="Your journal is empty">
        The trade journal, imports and statistics open here next. Until then, your account is ready.
      </EmptyState>
    </>
  );
}
