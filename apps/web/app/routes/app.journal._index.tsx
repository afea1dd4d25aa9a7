import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, Button, ButtonLink, EmptyState, Table, TextField } from "@tradecraft/ui";
import { TradeCards, TradeNetPnl } from "~/components/trade-cards";
import { TradeFilterForm } from "~/components/trade-filter-form";
import { requireUser } from "~/lib/auth.server";
import { Pnl } from "~/components/pnl";
import { formatCount, formatMoney, formatPrice, formatQuantity } from "~/lib/format";
import { type FormFailure, formFailure } from "~/lib/forms.server";
import { orRefusal, readFilters } from "~/lib/journal.server";
import { TimeZoneNote } from "~/components/time-zone";

export const meta: MetaFunction = () => [{ title: "Journal · Tradecraft" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const url = new URL(request.url);
  // A bad value (a hand-edited URL) is left out of the query and shown beside its field: the
  // page answers 400 with the whole journal, not a bare error page.
  const { filters, values, errors: filterErrors } = readFilters(url);
  const cursor = url.searchParams.get("cursor") || undefined;
  // One statement: the page, its totals and the names the filters list; it says which time zone it used.
  const list = await orRefusal(api.journal.page({ filters: filters as never, cursor, limit: 50 }));
  // Only what the page shows goes to the browser: the loader's data is serialised into every
  // page for hydration, and on a 50-row page the full trades were most of the work.
  const trades = list.trades.map((t) => ({
    id: t.id,
    symbol: t.symbol,
    assetClass: t.assetClass,
    direction: t.direction,
    quantity: t.quantity,
    entryAt: t.entryAt,
    entryPrice: t.entryPrice,
    exitPrice: t.exitPrice,
    netPnl: t.netPnl,
    pnlOverride: t.pnlOverride,
    costBasisUnknown: t.costBasisUnknown,
    grade: t.grade,
    tags: t.tags,
    strategyName: t.strategyName,
  }));
  const page = {
    trades,
    totals: list.totals,
    nextCursor: list.nextCursor,
    filters,
    filterValues: values,
    filterErrors,
    accounts: list.accounts,
    setups: list.setups,
    deleted: url.searchParams.has("deleted"),
    timeZone: list.timeZone,
  };
  return Object.keys(filterErrors).length ? data(page, { status: 400 }) : page;
}

type BulkResult = { ok: string; fieldErrors?: undefined; formError?: undefined } | (FormFailure & { ok?: undefined });

/** Bulk tagging: the row checkboxes and the tag are one form, so it works without JavaScript. */
export async function action({ request }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const form = await request.formData();
  const tradeIds = form.getAll("tradeIds").map(String).slice(0, 500);
  const tag = String(form.get("bulkTag") ?? "").trim();
  const removing = form.get("intent") === "remove";
  try {
    const { updated } = await api.journal.bulkTag({ tradeIds, ...(removing ? { remove: [tag] } : { add: [tag] }) });
    const trades = `${updated} trade${updated === 1 ? "" : "s"}`;
    return Response.json({
      ok: removing ? `Removed “${tag}” from ${trades}.` : `Added “${tag}” to ${trades}.`,
    } satisfies BulkResult);
  } catch (error) {
    const { data, status } = formFailure(error);
    // The schema names the tag as add.0 or remove.0; the form has one tag field.
    const fieldErrors = Object.fromEntries(
      Object.entries(data.fieldErrors).map(([k, v]) => [/^(add|remove)\b/.test(k) ? "bulkTag" : k, v]),
    );
    return Response.json({ ...data, fieldErrors } satisfies BulkResult, { status });
  }
}

export default function Journal() {
  const { trades, totals, nextCursor, filters, filterValues, filterErrors, accounts, setups, deleted, timeZone } =
    useLoaderData<typeof loader>();
  const bulk = useActionData<BulkResult>();
  const busy = useNavigation().state === "submitting";
  const bulkErrors = bulk?.fieldErrors ?? {};
  const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone });
  const nextLink = nextCursor
    ? `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v) as [string, string][]), cursor: nextCursor })}`
    : null;
  return (
    <div className="tc-stack">
      <h1>Journal</h1>
      <TimeZoneNote timeZone={timeZone} />
      {deleted ? <Alert tone="success">The trade was deleted.</Alert> : null}
      {bulk?.ok ? <Alert tone="success">{bulk.ok}</Alert> : null}
      {bulk?.formError ? <Alert tone="error">{bulk.formError}</Alert> : null}
      <div className="tc-actions">
        <ButtonLink href="/app/journal/new">Add a trade</ButtonLink>
        <ButtonLink href="/app/journal/import" variant="secondary">
          Import a broker file
        </ButtonLink>
        <ButtonLink href="/app/journal/imports" variant="secondary">
          Import history
        </ButtonLink>
        <ButtonLink href="/app/journal/setups" variant="secondary">
          Setups
        </ButtonLink>
        <ButtonLink href="/app/journal/accounts" variant="secondary">
          Accounts
        </ButtonLink>
      </div>
      <TradeFilterForm
        label="Filter trades"
        filters={filterValues}
        errors={filterErrors}
        accounts={accounts}
        setups={setups}
      />
      {totals.count === 0 && Object.keys(filters).length === 0 ? (
        <EmptyState title="No trades yet">Add a trade by hand or import your broker's file.</EmptyState>
      ) : (
        <>
          <p>
            <a
              href={`/app/journal/export.csv?${new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as [string, string][])}`}
              download
            >
              Download these trades (CSV)
            </a>
          </p>
          <p>
            <strong>{formatCount(totals.count)}</strong> trade{totals.count === 1 ? "" : "s"} · net P&amp;L{" "}
            <strong>
              <Pnl value={totals.netPnl} />
            </strong>{" "}
            · fees {formatMoney(totals.fees)}
          </p>
          <Form method="post" aria-label="Tag the selected trades" className="tc-stack">
            {/* Phones get cards, wider screens the table: the stylesheet shows one of the two. */}
            <TradeCards
              label={`Trades, newest first (times in ${timeZone})`}
              trades={trades}
              formatWhen={(at) => when.format(new Date(at))}
              selectable
              empty="No trades match these filters."
            />
            <div className="tc-wide-only">
              <Table
                caption={`Trades, newest first (times in ${timeZone})`}
                rowKey={(t) => t.id}
                rows={trades}
                empty="No trades match these filters."
                columns={[
                  {
                    key: "select",
                    header: "Select",
                    cell: (t) => (
                      <input
                        type="checkbox"
                        name="tradeIds"
                        value={t.id}
                        aria-label={`Select ${t.symbol} opened ${when.format(new Date(t.entryAt))}`}
                      />
                    ),
                  },
                  { key: "when", header: "Opened", cell: (t) => when.format(new Date(t.entryAt)) },
                  {
                    key: "symbol",
                    header: "Symbol",
                    cell: (t) => (
                      <>
                        <Link to={`/app/journal/${t.id}`}>{t.symbol}</Link>
                        {/* A leg of an option strategy (an iron condor, a vertical…) says which. */}
                        {t.strategyName ? (
                          <>
                            {" "}
                            <span className="tc-badge">{t.strategyName}</span>
                          </>
                        ) : null}
                      </>
                    ),
                  },
                  { key: "side", header: "Side", cell: (t) => t.direction },
                  { key: "qty", header: "Quantity", numeric: true, cell: (t) => formatQuantity(t.quantity) },
                  {
                    key: "entry",
                    header: "Entry",
                    numeric: true,
                    cell: (t) => (t.costBasisUnknown ? "unknown" : formatPrice(t.entryPrice, t)),
                  },
                  {
                    key: "exit",
                    header: "Exit",
                    numeric: true,
                    cell: (t) => (t.exitPrice === null ? "open" : formatPrice(t.exitPrice, t)),
                  },
                  { key: "net", header: "Net P&L", numeric: true, cell: (t) => <TradeNetPnl trade={t} /> },
                  { key: "tags", header: "Tags", cell: (t) => t.tags.join(", ") },
                  { key: "grade", header: "Grade", cell: (t) => t.grade ?? "—" },
                ]}
              />
            </div>
            {bulkErrors.tradeIds ? (
              <p className="tc-field__error" role="alert">
                {bulkErrors.tradeIds.join(" ")}
              </p>
            ) : null}
            <div className="tc-grid">
              <TextField label="Tag for the selected trades" name="bulkTag" maxLength={50} error={bulkErrors.bulkTag} />
              <div className="tc-actions">
                <Button type="submit" name="intent" value="add" disabled={busy}>
                  Add tag
                </Button>
                <Button type="submit" name="intent" value="remove" variant="secondary" disabled={busy}>
                  Remove tag
                </Button>
              </div>
            </div>
          </Form>
          {nextLink ? (
            <nav aria-label="Pages">
              <Link to={nextLink}>Next page</Link>
            </nav>
          ) : null}
        </>
      )}
    </div>
  );
}
