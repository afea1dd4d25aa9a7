import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Stat } from "@tradecraft/ui";
import { requireAdmin } from "~/lib/guards.server";

export const meta: MetaFunction = () => [{ title: "Overview · Tradecraft Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return { overview: await requireAdmin(request, (api) => api.admin.overview()) };
}

export default function AdminHome() {
  const { overview } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Community overview</h1>
      <div className="tc-grid">
        <Stat label="Members" value={overview.members} />
        <Stat label="Pro members" value={overview.proMembers} />
        <Stat label="Admins" value={overview.admins} />
        <Stat label="Joined this week" value={overview.newThisWeek} />
      </div>
    </>
  );
}
