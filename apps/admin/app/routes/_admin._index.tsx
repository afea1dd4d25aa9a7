import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Stat, Table } from "@tradecraft/ui";
import { requireAdmin } from "~/lib/guards.server";

export const meta: MetaFunction = () => [{ title: "Overview · Tradecraft Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return requireAdmin(request, async (api) => {
    const [overview, proRequests] = await Promise.all([api.admin.overview(), api.admin.users.proRequests({})]);
    return { overview, proRequests: proRequests.requests };
  });
}

const requested = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default function AdminHome() {
  const { overview, proRequests } = useLoaderData<typeof loader>();
  return (
    <div className="tc-stack">
      <h1>Community overview</h1>
      <div className="tc-grid">
        <Stat label="Members" value={overview.members} />
        <Stat label="Pro members" value={overview.proMembers} />
        <Stat label="Admins" value={overview.admins} />
        <Stat label="Joined this week" value={overview.newThisWeek} />
        <Stat label="Pro requests waiting" value={overview.pendingProRequests} />
      </div>
      <Table
        stackOnPhone
        caption="Pro requests waiting for a decision (oldest first, UTC)"
        rowKey={(r) => r.id}
        rows={proRequests}
        empty="No Pro request is waiting."
        columns={[
          {
            key: "member",
            header: "Member",
            cell: (r) => <Link to={`/users/${r.user.id}`}>{r.user.displayName}</Link>,
          },
          { key: "email", header: "Email", cell: (r) => r.user.email },
          { key: "when", header: "Requested", cell: (r) => requested.format(new Date(r.createdAt)) },
        ]}
      />
    </div>
  );
}
