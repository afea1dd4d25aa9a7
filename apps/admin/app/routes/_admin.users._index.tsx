import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button, Table, TextField } from "@tradecraft/ui";
import { requireAdmin } from "~/lib/guards.server";

export const meta: MetaFunction = () => [{ title: "Users · Tradecraft Admin" }];

const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const query = url.searchParams.get("q")?.slice(0, 100) ?? "";
  const page = Number(url.searchParams.get("page") ?? 1) || 1;
  const result = await requireAdmin(request, (api) => api.admin.users.list({ query: query || undefined, page }));
  return { ...result, query };
}

export default function Users() {
  const { users, page, pageCount, total, query } = useLoaderData<typeof loader>();
  const pageLink = (n: number) => `/users?${new URLSearchParams({ ...(query ? { q: query } : {}), page: String(n) })}`;
  return (
    <div className="tc-stack">
      <h1>Users</h1>
      <Form method="get" role="search" className="tc-narrow">
        <TextField label="Search by email or name" name="q" type="search" defaultValue={query} />
        <Button type="submit">Search</Button>
      </Form>
      <Table
        stackOnPhone
        caption={`${total} user${total === 1 ? "" : "s"}${query ? ` matching “${query}”` : ""} · page ${page} of ${pageCount}`}
        rowKey={(u) => u.id}
        rows={users}
        empty="No users match."
        columns={[
          { key: "name", header: "User", cell: (u) => <Link to={`/users/${u.id}`}>{u.displayName}</Link> },
          { key: "email", header: "Email", cell: (u) => u.email },
          { key: "tier", header: "Tier", cell: (u) => (u.role === "ADMIN" ? `${u.tier} · admin` : u.tier) },
          { key: "verified", header: "Verified", cell: (u) => (u.emailVerifiedAt ? "Yes" : "No") },
          { key: "locked", header: "Locked", cell: (u) => (u.isLocked ? "Locked" : "No") },
          {
            key: "last",
            header: "Last sign-in (UTC)",
            cell: (u) => (u.lastLoginAt ? date.format(new Date(u.lastLoginAt)) : "Never"),
          },
        ]}
      />
      <nav aria-label="Pages" className="tc-actions">
        {page > 1 ? <Link to={pageLink(page - 1)}>Previous page</Link> : null}
        {page < pageCount ? <Link to={pageLink(page + 1)}>Next page</Link> : null}
      </nav>
    </div>
  );
}
