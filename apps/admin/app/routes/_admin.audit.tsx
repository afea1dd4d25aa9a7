import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { type Api, formErrorsOf } from "@tradecraft/api";
import { Button, ErrorSummary, TextField } from "@tradecraft/ui";
import { requireAdmin } from "~/lib/guards.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Tradecraft Admin" }];

const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
const FILTERS = ["userId", "action", "from", "to"] as const;
const COLUMNS = ["When", "Action", "Actor", "Subject", "IP", "Details", "Request id"];

type AuditPage = Awaited<ReturnType<Api["admin"]["audit"]>>;
type LoaderData = AuditPage & {
  filters: Record<(typeof FILTERS)[number], string>;
  fieldErrors: Record<string, string[] | undefined> | null;
};
const FILTER_IDS = { userId: "userId", action: "action", from: "from", to: "to" };

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // Never cut: a filter too long (or a date that is none) is refused beside its field.
  const filters = Object.fromEntries(
    FILTERS.map((key) => [key, url.searchParams.get(key) ?? ""]),
  ) as LoaderData["filters"];
  const page = Number(url.searchParams.get("page") ?? 1) || 1;
  return requireAdmin(request, async (api) => {
    try {
      const result = await api.admin.audit({
        userId: filters.userId || undefined,
        action: filters.action || undefined,
        // Text, not Dates: a day that does not exist gets the schema's own message.
        from: filters.from ? (`${filters.from}T00:00:00Z` as unknown as Date) : undefined,
        to: filters.to ? (`${filters.to}T23:59:59.999Z` as unknown as Date) : undefined,
        page,
      });
      return Response.json({ ...result, filters, fieldErrors: null } satisfies LoaderData);
    } catch (error) {
      const inputErrors = formErrorsOf(error);
      if (!inputErrors) throw error;
      const empty = { events: [], page: 1, pageCount: 1, total: 0 };
      return Response.json({ ...empty, filters, fieldErrors: inputErrors.fieldErrors } satisfies LoaderData, {
        status: 400,
      });
    }
  });
}

export default function Audit() {
  const { events, page, pageCount, total, filters, fieldErrors } = useLoaderData<LoaderData>();
  const pageLink = (n: number) =>
    `/audit?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), page: String(n) })}`;
  return (
    <div className="tc-stack">
      <h1>Audit log</h1>
      <ErrorSummary fieldErrors={fieldErrors} fieldIds={FILTER_IDS} />
      <Form method="get" className="tc-grid" aria-label="Filter the audit log">
        <TextField
          id={FILTER_IDS.userId}
          label="User id"
          name="userId"
          defaultValue={filters.userId}
          error={fieldErrors?.userId}
        />
        <TextField
          id={FILTER_IDS.action}
          label="Action starts with"
          name="action"
          defaultValue={filters.action}
          hint="e.g. auth.login or admin."
          error={fieldErrors?.action}
        />
        <TextField
          id={FILTER_IDS.from}
          label="From (UTC date)"
          name="from"
          type="date"
          defaultValue={filters.from}
          error={fieldErrors?.from}
        />
        <TextField
          id={FILTER_IDS.to}
          label="To (UTC date)"
          name="to"
          type="date"
          defaultValue={filters.to}
          error={fieldErrors?.to}
        />
        <div>
          <Button type="submit">Filter</Button>
        </div>
      </Form>
      {/* Its own markup, not <Table>: on a phone each event is a block of labelled lines, so the
          long details and ids wrap instead of scrolling sideways. */}
      <div className="tc-table-wrap tc-audit">
        <table className="tc-table">
          <caption>{`${total} event${total === 1 ? "" : "s"} · page ${page} of ${pageCount} (times in UTC)`}</caption>
          <thead>
            <tr>
              {COLUMNS.map((header) => (
                <th key={header} scope="col">
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {events.length === 0 ? (
              <tr>
                <td colSpan={COLUMNS.length} className="tc-muted">
                  No events match.
                </td>
              </tr>
            ) : (
              events.map((e) => (
                <tr key={e.id}>
                  <td data-label="When">{date.format(new Date(e.createdAt))}</td>
                  <td data-label="Action">
                    <code>{e.action}</code>
                  </td>
                  <td data-label="Actor">{e.actorId ? <Person id={e.actorId} person={e.actor} /> : "anonymous"}</td>
                  <td data-label="Subject">{e.subjectId ? <Person id={e.subjectId} person={e.subject} /> : ""}</td>
                  <td data-label="IP">{e.ip ?? ""}</td>
                  <td data-label="Details" className="tc-audit__details">
                    <code>{JSON.stringify(e.metadata)}</code>
                  </td>
                  <td data-label="Request id">
                    <code>{e.requestId}</code>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pages" className="tc-actions">
        {page > 1 ? <Link to={pageLink(page - 1)}>Previous page</Link> : null}
        {page < pageCount ? <Link to={pageLink(page + 1)}>Next page</Link> : null}
      </nav>
    </div>
  );
}

/** A user as the log names them: name and email beside the id (the id alone when the user is gone). */
function Person({ id, person }: { id: string; person: { displayName: string; email: string } | null }) {
  return (
    <>
      {person ? (
        <>
          <Link to={`/users/${id}`}>{person.displayName}</Link>
          <br />
          <span className="tc-muted">{person.email}</span>
          <br />
        </>
      ) : null}
      {person ? (
        <code className="tc-audit__id">{id}</code>
      ) : (
        <Link to={`/users/${id}`}>
          <code>{id}</code>
        </Link>
      )}
    </>
  );
}
