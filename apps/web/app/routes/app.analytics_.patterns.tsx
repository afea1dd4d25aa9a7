import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ButtonLink, Card, Table } from "@tradecraft/ui";
import { TradeFilterForm } from "~/components/trade-filter-form";
import { requireUser } from "~/lib/auth.server";
import { UPGRADE_HREF } from "~/lib/coach";
import { Pnl } from "~/components/pnl";
import { formatCount, formatPercent, formatR, formatRatio } from "~/lib/format";
import { orRefusal, readFilters } from "~/lib/journal.server";
import { orNullWithoutTier } from "~/lib/tier.server";

export const meta: MetaFunction = () => [{ title: "Patterns and setups · Tradecraft" }];

// A Free member gets this page with the upgrade call to action and status 403: the procedures
// refuse them (FORBIDDEN, data.requiredTier "PRO"), and the status says so to any client.
export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  // A bad value in a hand-edited URL is left out and shown beside its field (400, the whole page).
  const { filters: valid, values: filters, errors: filterErrors } = readFilters(new URL(request.url));
  const input = valid as never;
  const pro = await orRefusal(
    orNullWithoutTier(Promise.all([api.analytics.mistakePatterns(input), api.analytics.compareSetups(input)])),
  );
  if (!pro) return data({ isPro: false as const }, { status: 403 });
  const [accounts, setups] = await Promise.all([
    api.accounts.list({ tradeCounts: false }),
    api.setups.list({ tradeCounts: false }),
  ]);
  const [patterns, comparison] = pro;
  const page = { isPro: true as const, patterns, comparison, filters, filterErrors, accounts, setups };
  return Object.keys(filterErrors).length ? data(page, { status: 400 }) : page;
}

const minutes = (v: number | null) => (v === null ? "—" : `${formatCount(Math.round(v))} min`);
const quantity = (v: number) => new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 }).format(v);
const size = (v: number) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 }).format(v);

export default function Patterns() {
  const loaded = useLoaderData<typeof loader>();
  if (!loaded.isPro) return <Upgrade />;
  const { patterns: p, comparison, filters, filterErrors, accounts, setups } = loaded;
  const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: p.timeZone });
  const longDay = new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
  const { revengeTrading: revenge, overtrading, exits } = p;
  const exitRows = [
    {
      key: "winners",
      label: "Winners",
      average: exits.averageWin,
      hold: exits.averageWinHoldMinutes,
      r: exits.averageWinR,
    },
    {
      key: "losers",
      label: "Losers",
      average: exits.averageLoss,
      hold: exits.averageLossHoldMinutes,
      r: exits.averageLossR,
    },
  ];

  return (
    <div className="tc-stack">
      <h1>Patterns and setups</h1>
      <p className="tc-muted">
        From your {formatCount(p.tradeCount)} closed trade{p.tradeCount === 1 ? "" : "s"} matching the filters
        {p.isLimited ? ` (the ${formatCount(p.tradeLimit)} most recently closed)` : ""}; days are in your time zone (
        {p.timeZone}). <a href="/app/analytics">Back to analytics</a>
      </p>
      <TradeFilterForm
        label="Filter the trades analysed"
        filters={filters}
        errors={filterErrors}
        accounts={accounts}
        setups={setups}
      />

      <section aria-labelledby="revenge-heading" className="tc-stack">
        <h2 id="revenge-heading">Revenge trading</h2>
        <p>
          {revenge.definition} Found: <strong>{formatCount(revenge.count)}</strong>, net <Pnl value={revenge.netPnl} />.
        </p>
        <Table
          caption={`Revenge trades${revenge.count > revenge.examples.length ? `: the ${formatCount(revenge.examples.length)} most recent of ${formatCount(revenge.count)}` : ""}`}
          rowKey={(e) => e.tradeId}
          rows={revenge.examples}
          empty="No revenge trades in these trades."
          columns={[
            {
              key: "loss",
              header: "After the loss",
              cell: (e) => (
                <a
                  href={`/app/journal/${e.afterLoss.id}`}
                >{`${e.afterLoss.symbol}, closed ${when.format(new Date(e.afterLoss.exitAt))}`}</a>
              ),
            },
            { key: "lossPnl", header: "Loss", cell: (e) => <Pnl value={e.afterLoss.netPnl} />, numeric: true },
            {
              key: "trade",
              header: "Next trade",
              cell: (e) => (
                <a
                  href={`/app/journal/${e.trade.id}`}
                >{`${e.trade.symbol}, opened ${when.format(new Date(e.trade.entryAt))}`}</a>
              ),
            },
            { key: "after", header: "Minutes later", cell: (e) => formatCount(e.minutesAfter), numeric: true },
            {
              key: "size",
              header: "Risk vs the loss",
              // What the rule compared: dollars at risk (both had a stop) or quantity (same instrument).
              cell: (e) =>
                e.comparedBy === "risk"
                  ? `${size(e.afterLoss.initialRisk ?? 0)} → ${size(e.trade.initialRisk ?? 0)} at risk (×${formatRatio(e.sizeRatio)})`
                  : `${quantity(e.afterLoss.quantity)} → ${quantity(e.trade.quantity)} units (×${formatRatio(e.sizeRatio)})`,
              numeric: true,
            },
            { key: "pnl", header: "Its net P&L", cell: (e) => <Pnl value={e.netPnl} />, numeric: true },
          ]}
        />
      </section>

      <section aria-labelledby="overtrading-heading" className="tc-stack">
        <h2 id="overtrading-heading">Overtrading</h2>
        <p>
          {overtrading.definition} Your median is{" "}
          {overtrading.medianTradesPerDay === null ? "—" : overtrading.medianTradesPerDay.toFixed(1)} trades a trading
          day; on the days below you made <Pnl value={overtrading.netPnlOnThoseDays} />.
        </p>
        <Table
          caption="Overtrading days"
          rowKey={(d) => d.day}
          rows={overtrading.days}
          empty="No overtrading days in these trades."
          columns={[
            {
              key: "day",
              header: "Day",
              cell: (d) => <time dateTime={d.day}>{longDay.format(new Date(`${d.day}T12:00:00Z`))}</time>,
            },
            { key: "trades", header: "Trades", cell: (d) => formatCount(d.trades), numeric: true },
            { key: "pnl", header: "Net P&L", cell: (d) => <Pnl value={d.netPnl} />, numeric: true },
          ]}
        />
      </section>

      <section aria-labelledby="exits-heading" className="tc-stack">
        <h2 id="exits-heading">Winners cut early, losers left to run?</h2>
        <p>
          {exits.definition}{" "}
          <strong>
            {exits.cuttingWinnersLettingLosersRun
              ? "That is the case here: your winners are closed sooner than your losers, and your average win is smaller than your average loss."
              : "That is not the case here."}
          </strong>
        </p>
        <Table
          caption="Winners against losers: average net P&L, holding time and R"
          rowKey={(row) => row.key}
          rows={exitRows}
          columns={[
            { key: "label", header: "Trades", cell: (row) => row.label },
            { key: "average", header: "Average net P&L", cell: (row) => <Pnl value={row.average} />, numeric: true },
            { key: "hold", header: "Average hold", cell: (row) => minutes(row.hold), numeric: true },
            { key: "r", header: "Average R", cell: (row) => formatR(row.r), numeric: true },
          ]}
        />
      </section>

      <section aria-labelledby="setups-heading" className="tc-stack">
        <h2 id="setups-heading">Setups compared</h2>
        <Table
          caption={`Your setups side by side, most traded first${comparison.totalSetups > comparison.setups.length ? `: the ${formatCount(comparison.setups.length)} most traded of ${formatCount(comparison.totalSetups)}` : ""}`}
          rowKey={(s) => s.key ?? "no-setup"}
          rows={comparison.setups}
          empty="No closed trades match these filters."
          columns={[
            { key: "label", header: "Setup", cell: (s) => s.label },
            { key: "n", header: "Trades", cell: (s) => formatCount(s.tradeCount), numeric: true },
            { key: "rate", header: "Win rate", cell: (s) => formatPercent(s.winRate), numeric: true },
            { key: "net", header: "Net P&L", cell: (s) => <Pnl value={s.netPnl} />, numeric: true },
            { key: "exp", header: "Expectancy", cell: (s) => <Pnl value={s.expectancy} />, numeric: true },
            { key: "pf", header: "Profit factor", cell: (s) => formatRatio(s.profitFactor), numeric: true },
            { key: "r", header: "Average R", cell: (s) => formatR(s.expectancyR), numeric: true },
          ]}
        />
        <p className="tc-muted">
          Win rate: wins ÷ (wins + losses). Expectancy: mean net P&amp;L per trade. Profit factor: sum of wins ÷ |sum of
          losses| (∞ without losses). Average R: over the trades with a stop.
        </p>
      </section>
    </div>
  );
}

function Upgrade() {
  return (
    <div className="tc-stack">
      <h1>Patterns and setups</h1>
      <p>This feature requires a Pro subscription. You are on the Free plan.</p>
      <Card aria-labelledby="pro-heading">
        <h2 id="pro-heading">What Pro shows you</h2>
        <ul>
          <li>Revenge trading: a larger position opened soon after closing a loss, with the trades involved.</li>
          <li>Overtrading days: days with far more trades than your usual.</li>
          <li>
            Winners cut early while losers run: the average holding time and R of your winners against your losers.
          </li>
          <li>Your setups side by side: trade count, win rate, expectancy, profit factor and average R.</li>
        </ul>
        <p>All of it follows the journal's filters: dates, account, symbol, side, setup, tag and more.</p>
        <div className="tc-actions">
          <ButtonLink href={UPGRADE_HREF}>Upgrade to Pro</ButtonLink>
          <a href="/app/analytics">Back to analytics</a>
        </div>
      </Card>
    </div>
  );
}
