import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { httpStatusOf, TRPCError } from "@tradecraft/api";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, ButtonLink, Card, Table } from "@tradecraft/ui";
import { TradeGrade } from "~/components/trade-grade";
import { TradePlan } from "~/components/trade-plan";
import { TradeScreenshots } from "~/components/trade-screenshots";
import { TradeDeliveries } from "~/components/trade-deliveries";
import { TradeExcursions } from "~/components/trade-excursions";
import { TradeStrategy } from "~/components/trade-strategy";
import { requireUser } from "~/lib/auth.server";
import { Pnl } from "~/components/pnl";
import { formatMoney, formatPrice, formatQuantity, formatR } from "~/lib/format";
import { type GradeFailure, gradeTradeAction } from "~/lib/grading.server";
import { formFailure } from "~/lib/forms.server";
import { isUnknownId, notFound, orNotFound } from "~/lib/not-found.server";
import { renderNotes } from "~/lib/markdown.server";
import { isScreenshotIntent, screenshotAction } from "~/lib/screenshots.server";
import { TimeZoneNote } from "~/components/time-zone";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.trade.symbol ?? "Trade"} · Journal · Tradecraft` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const [{ trade, fills, strategy, deliveredTo, deliveredBy }, setups, profile] = await Promise.all([
    orNotFound(api.journal.get({ tradeId: params.tradeId ?? "" }), "tradeId"),
    api.setups.list({ tradeCounts: false }),
    api.account.profile(),
  ]);
  const setup = setups.find((s) => s.id === trade.setupId)?.name ?? null;
  // Deleting asks first: ?confirm=delete shows the question as a form of its own (no script needed).
  const confirmingDelete = new URL(request.url).searchParams.get("confirm") === "delete";
  const grades = await api.grading.history({ tradeId: trade.id });
  const screenshots = await api.screenshots.list({ tradeId: trade.id });
  const excursions = await api.journal.excursions({ tradeId: trade.id });
  return {
    excursions,
    excursionsCalculated: new URL(request.url).searchParams.get("excursions") === "calculated",
    screenshots,
    screenshotNotice: new URL(request.url).searchParams.get("screenshot"),
    trade,
    fills,
    strategy,
    deliveredTo,
    deliveredBy,
    setup,
    confirmingDelete,
    grades,
    graded: new URL(request.url).searchParams.get("graded"),
    notesHtml: trade.notes ? renderNotes(trade.notes) : null,
    timeZone: profile.timeZone,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const form = await request.formData();
  if (isScreenshotIntent(form.get("intent"))) return screenshotAction(api, params.tradeId ?? "", form);
  if (form.get("intent") === "delete") {
    await orNotFound(api.journal.delete({ tradeId: params.tradeId ?? "" }), "tradeId");
    return redirect("/app/journal?deleted=1");
  }
  if (form.get("intent") === "grade") return gradeTradeAction(api, params.tradeId ?? "");
  if (form.get("intent") === "excursions") {
    // MFE/MAE now (the import's background job does it for imported trades).
    try {
      const result = await api.journal.enrich({ tradeId: params.tradeId ?? "" });
      if (result.status === "computed") return redirect(`/app/journal/${params.tradeId ?? ""}?excursions=calculated`);
      return Response.json({ excursionsError: result.reason });
    } catch (error) {
      if (isUnknownId(error, "tradeId")) throw notFound();
      // A closed trade's refusal or the provider being down is a sentence on the page, not the error page.
      if (error instanceof TRPCError && (httpStatusOf(error) < 500 || error.code === "SERVICE_UNAVAILABLE")) {
        return Response.json({ excursionsError: error.message }, { status: httpStatusOf(error) });
      }
      throw error;
    }
  }
  if (form.get("intent") === "costBasis") {
    // A trade opened before its import: the member's cost basis gives it a P&L and puts it in the statistics.
    try {
      await api.journal.update({
        tradeId: params.tradeId ?? "",
        entryPrice: String(form.get("entryPrice") ?? "").trim(),
      });
      return redirect(`/app/journal/${params.tradeId ?? ""}`);
    } catch (error) {
      const { data, status } = formFailure(error);
      return Response.json(
        { costBasisError: data.fieldErrors?.entryPrice?.[0] ?? data.formError ?? "That is not a price." },
        { status },
      );
    }
  }
  return new Response("Unknown action", { status: 400 });
}

export default function TradeDetail() {
  const {
    trade,
    fills,
    strategy,
    deliveredTo,
    deliveredBy,
    setup,
    confirmingDelete,
    notesHtml,
    timeZone,
    grades,
    graded,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<GradeFailure & { costBasisError?: string; excursionsError?: string }>();
  const gradeFailure = actionData;
  const { screenshots, screenshotNotice, excursions, excursionsCalculated } = useLoaderData<typeof loader>();
  const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone });
  return (
    <div className="tc-stack">
      <p>
        <Link to="/app/journal">← Journal</Link>
      </p>
      <h1>
        {trade.symbol} · {trade.direction} · {trade.status}
      </h1>
      <TimeZoneNote timeZone={timeZone} />
      <div className="tc-actions">
        <ButtonLink href={`/app/journal/${trade.id}/edit`}>Edit</ButtonLink>
      </div>
      <Card aria-labelledby="numbers-heading">
        <h2 id="numbers-heading">Numbers</h2>
        <dl className="tc-facts">
          <dt>Quantity</dt>
          <dd>{formatQuantity(trade.quantity)}</dd>
          <dt>Entry</dt>
          <dd>
            {trade.costBasisUnknown ? (
              <>
                <strong>unknown: opened before this import.</strong> The file sold (or covered) a position it never
                opened, so this trade has no P&amp;L and is left out of your statistics until you give its cost basis.
              </>
            ) : (
              <>
                {formatPrice(trade.entryPrice, trade)} on {when.format(new Date(trade.entryAt))}
              </>
            )}
          </dd>
          <dt>Exit</dt>
          <dd>
            {trade.exitPrice && trade.exitAt
              ? `${formatPrice(trade.exitPrice, trade)} on ${when.format(new Date(trade.exitAt))}`
              : "still open"}
          </dd>
          <dt>Gross P&amp;L</dt>
          <dd>
            <Pnl value={trade.grossPnl} />
          </dd>
          <dt>Fees</dt>
          <dd>{formatMoney(trade.fees)}</dd>
          <dt>Net P&amp;L</dt>
          <dd>
            {trade.costBasisUnknown ? "not counted: entry unknown" : <Pnl value={trade.netPnl} />}
            {trade.pnlOverride ? <strong> (override: typed by you, not computed from the fills)</strong> : null}
          </dd>
          <dt>Initial risk</dt>
          <dd>{trade.initialRisk ? formatMoney(trade.initialRisk) : "no stop given"}</dd>
          <dt>R multiple</dt>
          <dd>{formatR(trade.rMultiple)}</dd>
          <dt>Multiplier</dt>
          <dd>{trade.multiplier}</dd>
        </dl>
      </Card>
      <TradeExcursions
        instrument={trade}
        excursions={excursions.excursions}
        unmeasurable={excursions.unmeasurable}
        chartHref={excursions.chartHref}
        message={actionData?.excursionsError ?? null}
        calculated={excursionsCalculated}
      />
      <TradePlan trade={trade} setup={setup} />
      {strategy ? <TradeStrategy strategy={strategy} tradeId={trade.id} /> : null}
      <TradeDeliveries deliveredTo={deliveredTo} deliveredBy={deliveredBy} />
      {trade.costBasisUnknown ? (
        <Card aria-labelledby="cost-basis-heading">
          <h2 id="cost-basis-heading">Cost basis</h2>
          <Form method="post" className="tc-stack">
            <input type="hidden" name="intent" value="costBasis" />
            <div className="tc-field">
              <label htmlFor="cost-basis-price">Average price you paid for these {trade.quantity}</label>
              <input
                id="cost-basis-price"
                name="entryPrice"
                inputMode="decimal"
                required
                aria-invalid={actionData?.costBasisError ? true : undefined}
                aria-describedby={actionData?.costBasisError ? "cost-basis-error" : undefined}
              />
              {actionData?.costBasisError ? (
                <p id="cost-basis-error" className="tc-field__error">
                  {actionData.costBasisError}
                </p>
              ) : null}
            </div>
            <Button type="submit">Save the cost basis</Button>
          </Form>
        </Card>
      ) : null}
      <TradeGrade
        grades={grades}
        isOpen={trade.status !== "closed"}
        timeZone={timeZone}
        notice={graded}
        error={gradeFailure?.gradeError}
      />
      {notesHtml ? (
        <Card aria-labelledby="notes-heading">
          <h2 id="notes-heading">Notes</h2>
          {/* renderNotes allows no raw HTML and no unsafe links (markdown.server.test.ts). */}
          <div className="tc-markdown" dangerouslySetInnerHTML={{ __html: notesHtml }} />
        </Card>
      ) : null}
      <TradeScreenshots tradeId={trade.id} screenshots={screenshots} notice={screenshotNotice} />
      <Table
        caption={`Fills (times in ${timeZone})`}
        rowKey={(f) => f.id}
        rows={fills}
        columns={[
          { key: "when", header: "Time", cell: (f) => when.format(new Date(f.executedAt)) },
          { key: "side", header: "Side", cell: (f) => f.side },
          { key: "qty", header: "Quantity", numeric: true, cell: (f) => formatQuantity(f.quantity) },
          { key: "price", header: "Price", numeric: true, cell: (f) => formatPrice(f.price, trade) },
          { key: "fees", header: "Fees", numeric: true, cell: (f) => formatMoney(f.fees) },
          { key: "id", header: "Execution id", cell: (f) => f.executionId ?? "entered by hand" },
        ]}
      />
      {confirmingDelete ? (
        <Card aria-labelledby="delete-heading">
          <h2 id="delete-heading">Delete this trade?</h2>
          <p>
            {trade.symbol} and its {fills.length} fill{fills.length === 1 ? "" : "s"} will be removed from your journal
            and statistics. This cannot be undone.
          </p>
          <Form method="post" className="tc-actions">
            <input type="hidden" name="intent" value="delete" />
            <Button type="submit" variant="danger">
              Yes, delete it
            </Button>
            <Link to={`/app/journal/${trade.id}`}>Keep it</Link>
          </Form>
        </Card>
      ) : (
        <p>
          <Link to={`/app/journal/${trade.id}?confirm=delete`}>Delete this trade…</Link>
        </p>
      )}
    </div>
  );
}
