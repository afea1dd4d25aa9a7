import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button, SelectField, Stat, StatusBadge, Table, TextField } from "@tradecraft/ui";
import { requireAdmin } from "~/lib/guards.server";

export const meta: MetaFunction = () => [{ title: "Outbox · Tradecraft Admin" }];

const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

const STATUS_LABELS = {
  QUEUED: "Queued",
  SENT: "Sent",
  FAILED: "Failed",
  NOT_SENT: "Not sent (no SMTP configured)",
} as const;
type Status = keyof typeof STATUS_LABELS;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const status = url.searchParams.get("status") ?? "";
  const to = url.searchParams.get("to")?.slice(0, 254) ?? "";
  const page = Number(url.searchParams.get("page") ?? 1) || 1;
  const result = await requireAdmin(request, (api) =>
    // An unknown status is refused by the procedure (400), like every other bad filter.
    api.admin.outbox({ status: (status || undefined) as Status | undefined, to: to || undefined, page }),
  );
  return { ...result, filters: { status, to } };
}

export default function Outbox() {
  const { messages, byStatus, page, pageCount, total, filters } = useLoaderData<typeof loader>();
  const pageLink = (n: number) =>
    `/outbox?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), page: String(n) })}`;
  return (
    <div className="tc-stack">
      <h1>Outbox</h1>
      <section aria-label="Emails by status" className="tc-grid">
        {(Object.keys(STATUS_LABELS) as Status[]).map((status) => (
          <Stat key={status} label={STATUS_LABELS[status]} value={byStatus[status]} />
        ))}
      </section>
      <Form method="get" className="tc-grid" aria-label="Filter the outbox">
        <SelectField
          label="Status"
          name="status"
          defaultValue={filters.status}
          options={[
            { value: "", label: "Any status" },
            ...(Object.keys(STATUS_LABELS) as Status[]).map((s) => ({ value: s, label: STATUS_LABELS[s] })),
          ]}
        />
        <TextField
          label="Recipient"
          name="to"
          type="search"
          defaultValue={filters.to}
          hint="Part of an email address"
        />
        <div>
          <Button type="submit">Filter</Button>
        </div>
      </Form>
      <Table
        stackOnPhone
        caption={`${total} email${total === 1 ? "" : "s"} · page ${page} of ${pageCount} (times in UTC)`}
        rowKey={(m) => m.id}
        rows={messages}
        empty="No emails match."
        columns={[
          { key: "created", header: "Created", cell: (m) => date.format(new Date(m.createdAt)) },
          {
            key: "to",
            header: "To",
            cell: (m) => (m.userId ? <Link to={`/users/${m.userId}`}>{m.toAddress}</Link> : m.toAddress),
          },
          { key: "template", header: "Template", cell: (m) => <code>{m.template}</code> },
          { key: "subject", header: "Subject", cell: (m) => m.subject },
          {
            key: "status",
            header: "Status",
            cell: (m) => <StatusBadge ok={m.status === "SENT"}>{STATUS_LABELS[m.status]}</StatusBadge>,
          },
          { key: "attempts", header: "Attempts", cell: (m) => m.attempts },
          {
            key: "error",
            header: "Last error",
            cell: (m) =>
              m.lastError ? (
                <details>
                  <summary>{m.lastError.length > 60 ? `${m.lastError.slice(0, 60)}…` : m.lastError}</summary>
                  <code>{m.lastError}</code>
                </details>
              ) : (
                ""
              ),
          },
          { key: "sent", header: "Sent at", cell: (m) => (m.sentAt ? date.format(new Date(m.sentAt)) : "") },
        ]}
      />
      <nav aria-label="Pages" className="tc-actions">
        {page > 1 ? <Link to={pageLink(page - 1)}>Previous page</Link> : null}
        {page < pageCount ? <Link to={pageLink(page + 1)}>Next page</Link> : null}
      </nav>
    </div>
  );
}
