import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formErrorsOf } from "@tradecraft/api";
import { Alert, Button, Table, TextField } from "@tradecraft/ui";
import { requireAdmin } from "~/lib/guards.server";

export const meta: MetaFunction = () => [{ title: "AI usage and cost · Tradecraft Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filters = {
    from: url.searchParams.get("from")?.slice(0, 10) ?? "",
    to: url.searchParams.get("to")?.slice(0, 10) ?? "",
  };
  const range = { from: filters.from || undefined, to: filters.to || undefined };
  return requireAdmin(request, async (api) => {
    try {
      const [byDay, byModel, byMember] = await Promise.all([
        api.admin.ai.costs({ ...range, groupBy: "day" }),
        api.admin.ai.costs({ ...range, groupBy: "model" }),
        api.admin.ai.costs({ ...range, groupBy: "member" }),
      ]);
      return { filters, report: { byDay, byModel, byMember }, fieldErrors: null };
    } catch (error) {
      const inputErrors = formErrorsOf(error);
      if (!inputErrors) throw error;
      return { filters, report: null, fieldErrors: inputErrors.fieldErrors };
    }
  });
}

type Report = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["report"]>;
type Row = Report["byDay"]["rows"][number];

const count = new Intl.NumberFormat("en-US");
const usd = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});

function cost(row: Pick<Row, "estimatedCostUsd" | "hasUnpricedCalls">) {
  if (row.estimatedCostUsd === null) return "unknown";
  return row.hasUnpricedCalls ? `${usd.format(row.estimatedCostUsd)} + unpriced` : usd.format(row.estimatedCostUsd);
}

const figures = [
  { key: "calls", header: "Calls", numeric: true, cell: (r: Row) => count.format(r.calls) },
  { key: "errors", header: "Failed", numeric: true, cell: (r: Row) => count.format(r.errors) },
  { key: "images", header: "Images", numeric: true, cell: (r: Row) => count.format(r.images) },
  { key: "in", header: "Input tokens", numeric: true, cell: (r: Row) => count.format(r.promptTokens) },
  { key: "out", header: "Output tokens", numeric: true, cell: (r: Row) => count.format(r.completionTokens) },
  { key: "cost", header: "Estimated cost", numeric: true, cell: (r: Row) => cost(r) },
];

export default function AiCosts() {
  const { filters, report, fieldErrors } = useLoaderData<typeof loader>();
  const range = report ? `${report.byDay.from} to ${report.byDay.to}` : "";
  return (
    <div className="tc-stack">
      <h1>AI usage and cost</h1>
      <p className="tc-muted">
        Every model call of grading, the coach and the Studio, by UTC day. Costs are estimates from list prices per
        model (images per image, by size and quality); calls to a model without a known price are counted but not
        priced. Failed counts every call that did not end well (error, timeout, refusal, bad answer, budget).
      </p>
      <Form method="get" className="tc-grid" aria-label="Date range">
        <TextField
          label="From (UTC date)"
          name="from"
          type="date"
          defaultValue={filters.from}
          error={fieldErrors?.from}
          hint="Default: 30 days before the end"
        />
        <TextField
          label="To (UTC date, included)"
          name="to"
          type="date"
          defaultValue={filters.to}
          error={fieldErrors?.to}
          hint="Default: today"
        />
        <div>
          <Button type="submit">Show</Button>
        </div>
      </Form>
      {report ? (
        <>
          <p>
            <strong>Total {range}:</strong> {count.format(report.byDay.totals.calls)} calls,{" "}
            {count.format(report.byDay.totals.images)} images, {count.format(report.byDay.totals.promptTokens)} input
            and {count.format(report.byDay.totals.completionTokens)} output tokens, estimated{" "}
            {cost(report.byDay.totals)}.
          </p>
          <Table
            caption={`By day, ${range}`}
            rowKey={(r) => r.key}
            rows={report.byDay.rows}
            empty="No AI calls in this range."
            columns={[{ key: "day", header: "Day", cell: (r) => r.key }, ...figures]}
          />
          <Table
            caption={`By model, ${range}`}
            rowKey={(r) => r.key}
            rows={report.byModel.rows}
            empty="No AI calls in this range."
            columns={[{ key: "model", header: "Model", cell: (r) => <code>{r.key}</code> }, ...figures]}
          />
          <Table
            caption={`By member, most expensive first, ${range}${report.byMember.truncated ? " (the first 200)" : ""}`}
            rowKey={(r) => r.key || "deleted"}
            rows={report.byMember.rows}
            empty="No AI calls in this range."
            columns={[
              {
                key: "member",
                header: "Member",
                cell: (r) =>
                  r.key ? (
                    <Link to={`/users/${r.key}`}>{r.label ?? r.key}</Link>
                  ) : (
                    <span className="tc-muted">deleted accounts</span>
                  ),
              },
              ...figures,
            ]}
          />
        </>
      ) : (
        <Alert tone="error">Fix the dates above to see the figures.</Alert>
      )}
    </div>
  );
}
