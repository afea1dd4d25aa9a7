import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button, Table, TextField } from "@tradecraft/ui";
import { requireAdmin } from "~/lib/guards.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Tradecraft Admin" }];

const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
const FILTERS = ["userId", "action", "from", "to"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filters = Object.fromEntries(FILTERS.map((key) => [key, url.searchParams.get(key)?.slice(0, 100) ?? ""])) as Record<
    (typeof FILTERS)[number],
    string
  >;
  const page = Number(url.searchParams.get("page") ?? 1) || 1;
  const result = await requireAdmin(request, (api) =>
    api.admin.audit({
      userId: filters.userId || undefined,
      action: filters.action || undefined,
      from: filters.from ? new Date(`${filters.from}T00:00:00Z`) : undefined,
      to: filters.to ? new Date(`${filters.to}T23:59:59.999Z`) : undefined,
      page,
    }),
  );
  return { ...result, filters };
}

export default function Audit() {
  const { events, page, pageCount, total, filters } = useLoaderData<typeof loader>();
  const pageLink = (n: number) =>
    `/audit?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), page: String(n) })}`;
  return (
    <div className="tc-stack">
      <h1>Audit log</h1>
      <Form method="get" className="tc-grid" aria-label="Filter the audit log">
        <TextField label="User id" name="userId" defaultValue={filters.userId} />
        <TextField label="Action starts with" name="action" defaultValue={filters.action} hint="e.g. auth.login or admin." />
        <TextField label="From (UTC date)" name="from" type="date" defaultValue={filters.from} />
        <TextField label="To (UTC date)" name="to" type="date" defaultValue={filters.to} />
        <div>
          <Button type="submit">Filter</Button>
        </div>
      </Form>
      <Table
        caption={`${total} event${total === 1 ? "" : "s"} · page ${page} of ${pageCount} (times in UTC)`}
        rowKey={(e) => e.id}
        rows={events}
        empty="No events match."
        columns={[
          { key: "when", header: "When", cell: (e) => date.format(new Date(e.createdAt)) },
          { key: "action", header: "Action", cell: (e) => <code>{e.action}</code> },
          { key: "actor", header: "Actor", cell: (e) => (e.actorId ? <Link to={`/users/${e.actorId}`}>{e.actorId}</Link> : "anonymous") },
          { key: "subject", header: "Subject", cell: (e) => (e.subjectId ? <Link to={`/users/${e.subjectId}`}>{e.subjectId}</Link> : "") },
          { key: "ip", header: "IP", cell: (e) => e.ip ?? "" },
          { key: "details", header: "Details", cell: (e) => <code>{JSON.stringify(e.metadata)}</code> },
          { key: "request", header: "Request id", cell: (e) => <code>{e.requestId}</code> },
        ]}
      />
      <nav aria-label="Pages" className="tc-actions">
        {page > 1 ? <Link to={pageLink(page - 1)}>Previous page</Link> : null}
        {page < pageCount ? <Link to={pageLink(page + 1)}>Next page</Link> : null}
      </nav>
    </div>
  );
}
