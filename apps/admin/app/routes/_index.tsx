import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { AppShell, Button, Stat } from "@tradecraft/ui";
import { requireAdmin } from "~/lib/guards.server";

export const meta: MetaFunction = () => [{ title: "Overview · Tradecraft Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return requireAdmin(request, async (api) => {
    const [overview, me] = await Promise.all([api.admin.overview(), api.system.whoami()]);
    return { overview, me: { displayName: me.displayName } };
  });
}

export default function AdminHome() {
  const { overview, me } = useLoaderData<typeof loader>();
  return (
    <AppShell
      brandSuffix="Admin"
      nav={[{ href: "/", label: "Overview", current: true }]}
      actions={
        <Form method="post" action="/logout">
          <Button type="submit" variant="secondary">
            Sign out {me.displayName}
          </Button>
        </Form>
      }
    >
      <h1>Community overview</h1>
      <div className="tc-grid">
        <Stat label="Members" value={overview.members} />
        <Stat label="Pro members" value={overview.proMembers} />
        <Stat label="Admins" value={overview.admins} />
        <Stat label="Joined this week" value={overview.newThisWeek} />
      </div>
    </AppShell>
  );
}
