import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import type { ReactNode } from "react";
import { Form, useLoaderData } from "@remix-run/react";
// @tradecraft/api is server-only (external to the client bundle): its values are read in the loader only.
import { type Api } from "@tradecraft/api";
import { BarChart, Button, CalendarHeatmap, MetricTerm, PnlBar, SelectField, Table } from "@tradecraft/ui";
import { TradeFilterForm } from "~/components/trade-filter-form";
import { requireUser } from "~/lib/auth.server";
import { MemberEquityCurve } from "~/components/member-equity-curve";
import { Pnl } from "~/components/pnl";
import {
  formatCount,
  formatMoney,
  formatPercent,
  formatPnl,
  formatPnlCompact,
  formatR,
  formatRatio,
  pnlTone,
} from "~/lib/format";
import { orRefusal, readFilters } from "~/lib/journal.server";
import { TimeZoneNote } from "~/components/time-zone";

export const meta: MetaFunction = () => [{ title: "Analytics · Tradecraft" }];

type Dimension = Parameters<Api["analytics"]["breakdown"]>[0]["by"];
const DIMENSIONS: Record<Dimension, { option: string; column: string; caption: string }> = {
  symbol: { option: "Symbol", column: "Symbol", caption: "by symbol, most traded first" },
  setup: { option: "Setup", column: "Setup", caption: "by setup, most traded first" },
  tag: { option: "Tag", column: "Tag", caption: "by tag, most traded first (a trade counts under each of its tags)" },
  weekday: { option: "Weekday of entry", column: "Weekday", caption: "by weekday of entry" },
  hour: { option: "Hour of entry", column: "Hour", caption: "by hour of entry" },
  holding: { option: "Holding time", column: "Held", caption: "by holding time (entry to exit)" },
  account: { option: "Account", column: "Account", caption: "by account, most traded first" },
};
const isDimension = (value: string | null): value is Dimension => value !== null && Object.hasOwn(DIMENSIONS, value);

export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const url = new URL(request.url);
  // Bad values are left out and shown beside their fields (400 with the whole page).
  const read = readFilters(url);
  const filters = read.filters as never;
  const byParam = url.searchParams.get("by");
  const by: Dimension = isDimension(byParam) ? byParam : "symbol";
  const month = url.searchParams.get("month")?.slice(0, 16) || undefined;
  const [summary, curve, calendar, breakdown, accounts, setups] = await Promise.all([
    orRefusal(api.analytics.summary(filters)),
    orRefusal(api.analytics.equityCurve({ filters })),
    orRefusal(api.analytics.calendar({ filters, month })),
    orRefusal(api.analytics.breakdown({ filters, by })),
    api.accounts.list({ tradeCounts: false }),
    api.setups.list({ tradeCounts: false }),
  ]);
  const page = {
    summary,
    curve,
    calendar,
    breakdown,
    by,
    filters: read.filters,
    filterValues: read.values,
    filterErrors: read.errors,
    accounts,
    setups,
  };
  return Object.keys(read.errors).length ? data(page, { status: 400 }) : page;
}

/** The month after or before a YYYY-MM month. */
function shiftMonth(month: string, delta: number) {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(year, m - 1 + delta, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}
const monthName = (month: string) =>
  new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${month}-01T00:00:00Z`),
  );

export default function Analytics() {
  const {
    summary: s,
    curve,
    calendar,
    breakdown,
    by,
    filters,
    filterValues,
    filterErrors,
    accounts,
    setups,
  } = useLoaderData<typeof loader>();
  const timeZone = calendar.timeZone;
  const longDay = new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
  const month = calendar.month ?? calendar.start.slice(0, 7);
  const filterEntries = Object.entries(filters).filter(([, v]) => v) as [string, string][];
  const linkWith = (changes: Record<string, string>) =>
    `?${new URLSearchParams({ ...Object.fromEntries(filterEntries), by, month, ...changes })}`;
  const hidden = (names: Record<string, string>) =>
    Object.entries(names).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);

  const cards: { label: string; value: ReactNode; definition: string }[] = [
    {
      label: "Net P&L",
      value: <Pnl value={s.netPnl} />,
      definition: "Gross P&L minus all fees, over the closed trades that match the filters.",
    },
    {
      label: "Gross P&L · fees",
      value: (
        <>
          <Pnl value={s.grossPnl} /> · {formatMoney(s.fees)}
        </>
      ),
      definition: "P&L before fees, and all commissions and fees of those trades.",
    },
    {
      label: "Trades",
      value: formatCount(s.tradeCount),
      definition: "Closed trades matching the filters; open trades are not counted until they close.",
    },
    {
      label: "Win rate",
      value: formatPercent(s.winRate),
      definition: `A trade is a win when its net P&L is above the breakeven band (0), a loss when below it, else a scratch. Win rate = wins ÷ (wins + losses): ${s.wins} wins, ${s.losses} losses; ${s.scratches} scratches shown apart.`,
    },
    { label: "Average win", value: <Pnl value={s.averageWin} />, definition: "Mean net P&L of the winning trades." },
    { label: "Average loss", value: <Pnl value={s.averageLoss} />, definition: "Mean net P&L of the losing trades." },
    { label: "Payoff ratio", value: formatRatio(s.payoffRatio), definition: "Average win ÷ |average loss|." },
    {
      label: "Profit factor",
      value: s.tradeCount === 0 ? "—" : formatRatio(s.profitFactor),
      definition: "Sum of the net P&L of wins ÷ |sum of the net P&L of losses|: ∞ without losses, — without trades.",
    },
    { label: "Expectancy", value: <Pnl value={s.expectancy} />, definition: "Mean net P&L per closed trade." },
    {
      label: "Expectancy (R)",
      value: formatR(s.expectancyR),
      definition: "Mean R multiple over the trades whose risk (stop) is known.",
    },
    {
      label: "Max drawdown",
      value: <Pnl value={-s.maxDrawdown} />,
      definition: "Largest fall of cumulative net P&L from its running peak.",
    },
    {
      label: "Max drawdown %",
      value: formatPercent(s.maxDrawdownPct),
      definition:
        "The same fall as a share of peak equity (starting balance + P&L); needs the accounts' starting balance.",
    },
    {
      label: "Longest streaks",
      value: `${formatCount(s.longestWinStreak)} wins · ${formatCount(s.longestLossStreak)} losses`,
      definition: "Longest runs of consecutive wins and of consecutive losses, in exit order; a scratch ends a run.",
    },
    {
      label: "Best / worst trade",
      value: (
        <>
          <Pnl value={s.bestTrade} /> / <Pnl value={s.worstTrade} />
        </>
      ),
      definition: "Largest and smallest net P&L of a single trade.",
    },
    {
      label: "Average hold",
      value: s.averageHoldMinutes === null ? "—" : `${formatCount(Math.round(s.averageHoldMinutes))} min`,
      definition: "Mean time from entry to exit.",
    },
    {
      label: "SQN",
      value: formatRatio(s.sqn),
      definition:
        "System quality number: √N × mean R ÷ standard deviation of R, over N ≥ 2 trades whose risk is known.",
    },
  ];
  // Excursions (MFE/MAE) come from market data after the fact: shown once any trade has them,
  // with their coverage, since the averages are over the measured trades only.
  const x = s.excursions;
  const measured = x.measuredTrades > 0;
  const coverage = `${formatCount(x.measuredTrades)} of ${formatCount(x.closedTrades)} trades`;
  if (measured) {
    cards.push(
      {
        label: "Average MFE · MAE",
        value: (
          <>
            <Pnl value={x.avgMfe} /> · <Pnl value={x.avgMae} />
          </>
        ),
        definition: `How far price went for (maximum favourable excursion) and against (maximum adverse excursion) the position between entry and exit, in dollars; over the ${coverage} measured.`,
      },
      {
        label: "Exit efficiency",
        value: formatPercent(x.avgExitEfficiency),
        definition: `Gross P&L taken ÷ gross P&L of the best exit in the trade's window, averaged over the measured trades that were ever in profit (${coverage} measured).`,
      },
    );
    // In R only when some measured trade has a known risk (a stop).
    if (x.avgMfeR !== null) {
      cards.push({
        label: "Average MFE · MAE (R)",
        value: `${formatR(x.avgMfeR)} · ${formatR(x.avgMaeR)}`,
        definition: "The same in R, over the measured trades whose risk (stop) is known.",
      });
    }
  }
  const largestGroup = Math.max(0, ...breakdown.groups.map((g) => Math.abs(g.netPnl)));
  const dimension = DIMENSIONS[by];

  return (
    <div className="tc-stack">
      <h1>Analytics</h1>
      <TimeZoneNote timeZone={timeZone} />
      <p>
        <a href={`/app/analytics/patterns?${new URLSearchParams(Object.fromEntries(filterEntries))}`}>
          Mistake patterns and setups compared
        </a>{" "}
        (Pro)
      </p>
      <TradeFilterForm
        label="Filter the statistics"
        filters={filterValues}
        errors={filterErrors}
        accounts={accounts}
        setups={setups}
      >
        {hidden({ by, month })}
      </TradeFilterForm>

      <section aria-labelledby="summary-heading" className="tc-stack">
        <h2 id="summary-heading">Summary</h2>
        <p className="tc-muted">Hover over or focus a statistic's name for its definition.</p>
        <dl className="tc-grid tc-metrics">
          {cards.map((c) => (
            <div key={c.label} className="tc-card">
              <dt className="tc-stat__label">
                <MetricTerm term={c.label} definition={c.definition} />
              </dt>
              <dd className="tc-stat__value">{c.value}</dd>
            </div>
          ))}
        </dl>
        {measured ? (
          <p>
            Excursions (MFE, MAE, exit efficiency) are measured on {coverage}: their figures are over those trades only.
          </p>
        ) : null}
      </section>

      <section aria-labelledby="curve-heading" className="tc-stack">
        <h2 id="curve-heading">Equity curve</h2>
        <MemberEquityCurve
          title="Cumulative net P&L after each closed trade, in exit order"
          points={curve.points}
          tradeCount={curve.tradeCount}
          downsampled={curve.downsampled}
          timeZone={timeZone}
        />
      </section>

      <section aria-labelledby="calendar-heading" className="tc-stack">
        <h2 id="calendar-heading">P&amp;L calendar</h2>
        <nav className="tc-month-nav" aria-label="Calendar months">
          <a href={linkWith({ month: shiftMonth(month, -1) })}>← {monthName(shiftMonth(month, -1))}</a>
          <strong>{monthName(month)}</strong>
          <a href={linkWith({ month: shiftMonth(month, 1) })}>{monthName(shiftMonth(month, 1))} →</a>
        </nav>
        <p className="tc-muted">
          Each trade counts on the day it closed, in your time zone ({timeZone}). {monthName(month)}:{" "}
          {formatCount(calendar.tradeCount)} trade{calendar.tradeCount === 1 ? "" : "s"}, net{" "}
          <Pnl value={calendar.netPnl} />.
        </p>
        <CalendarHeatmap
          caption={`${monthName(month)}: net P&L by day`}
          days={calendar.days}
          weeks={calendar.weeks}
          formatMoney={(v) => formatPnl(v)}
          formatCompact={(v) => formatPnlCompact(v)}
          formatDay={(d) => longDay.format(new Date(`${d}T12:00:00Z`))}
        />
      </section>

      <section aria-labelledby="daily-heading" className="tc-stack">
        <h2 id="daily-heading">Daily net P&amp;L</h2>
        <BarChart
          title={`${monthName(month)}: net P&L of each day`}
          description={`One bar a day, above the line for a net gain and below for a net loss; ${monthName(month)} nets ${formatPnl(calendar.netPnl)}.`}
          bars={calendar.days.map((d) => ({
            key: d.day,
            label: String(Number(d.day.slice(8))),
            value: d.netPnl,
            tone: pnlTone(d.netPnl),
            text: `${longDay.format(new Date(`${d.day}T12:00:00Z`))}: ${formatPnl(d.netPnl)}, ${d.tradeCount} trade${d.tradeCount === 1 ? "" : "s"}`,
          }))}
          formatAxis={(v) => formatPnlCompact(v)}
          tableCaption={`${monthName(month)}: net P&L by day`}
          valueHeader="Net P&L"
        />
      </section>

      <section aria-labelledby="distribution-heading" className="tc-stack">
        <h2 id="distribution-heading">Distributions</h2>
        <p className="tc-muted">How many closed trades fall in each band; 0 is always a band edge.</p>
        <h3>Net P&amp;L per trade</h3>
        <BarChart
          title="Closed trades by net P&L"
          description={`${formatCount(s.tradeCount)} closed trades counted in bands of net P&L; bands at or above 0 in green, below 0 in red.`}
          bars={s.distributions.netPnl.map((b) => ({
            key: String(b.from),
            label: formatPnlCompact(b.from),
            value: b.count,
            tone: b.from >= 0 ? "gain" : "loss",
            text: `${formatPnl(b.from)} to ${formatPnl(b.to)}: ${formatCount(b.count)} trade${b.count === 1 ? "" : "s"}`,
          }))}
          formatAxis={(v) => formatCount(v)}
          tableCaption="Closed trades by net P&L"
          valueHeader="Trades"
        />
        <h3>R multiple per trade</h3>
        <BarChart
          title="Closed trades by R multiple"
          description="Trades whose risk (stop) is known, counted in bands of R multiple; bands at or above 0R in green, below in red."
          bars={s.distributions.rMultiple.map((b) => ({
            key: String(b.from),
            label: formatR(b.from),
            value: b.count,
            tone: b.from >= 0 ? "gain" : "loss",
            text: `${formatR(b.from)} to ${formatR(b.to)}: ${formatCount(b.count)} trade${b.count === 1 ? "" : "s"}`,
          }))}
          formatAxis={(v) => formatCount(v)}
          tableCaption="Closed trades by R multiple"
          empty="No closed trade here has a known risk (a stop loss), so none has an R multiple."
          valueHeader="Trades"
        />
      </section>

      <section aria-labelledby="breakdown-heading" className="tc-stack">
        <h2 id="breakdown-heading">Breakdown</h2>
        <Form method="get" className="tc-actions" aria-label="Break the statistics down">
          {hidden({ ...Object.fromEntries(filterEntries), month })}
          <SelectField
            label="Break down by"
            name="by"
            defaultValue={by}
            options={Object.entries(DIMENSIONS).map(([value, d]) => ({ value, label: d.option }))}
          />
          <div>
            <Button type="submit" variant="secondary">
              Show
            </Button>
          </div>
        </Form>
        {by === "weekday" || by === "hour" ? (
          <BarChart
            title={`Net P&L ${dimension.caption} (${timeZone})`}
            description={`One bar per ${by === "weekday" ? "weekday" : "hour"} with trades, above the line for a net gain, below for a net loss; the table below has wins, losses and win rate.`}
            bars={breakdown.groups.map((g) => ({
              key: g.key ?? g.label,
              label: g.label.slice(0, by === "weekday" ? 3 : 5),
              value: g.netPnl,
              tone: pnlTone(g.netPnl),
              text: `${g.label}: ${formatPnl(g.netPnl)}, ${formatCount(g.wins)} wins, ${formatCount(g.losses)} losses`,
            }))}
            formatAxis={(v) => formatPnlCompact(v)}
            tableCaption={`Net P&L ${dimension.caption}`}
            valueHeader="Net P&L, wins, losses"
          />
        ) : null}
        <Table
          caption={`Closed trades ${dimension.caption}${by === "weekday" || by === "hour" ? ` (${timeZone})` : ""}${
            breakdown.totalGroups > breakdown.groups.length
              ? `: the ${formatCount(breakdown.groups.length)} most traded of ${formatCount(breakdown.totalGroups)}`
              : ""
          }`}
          rowKey={(g) => g.key ?? `none-${g.label}`}
          scrollLabel="Breakdown table"
          rows={breakdown.groups}
          empty="No closed trades match these filters."
          columns={[
            { key: "label", header: dimension.column, cell: (g) => g.label },
            { key: "n", header: "Trades", cell: (g) => formatCount(g.tradeCount), numeric: true },
            {
              key: "wl",
              header: "Wins · losses · scratches",
              cell: (g) => `${formatCount(g.wins)} · ${formatCount(g.losses)} · ${formatCount(g.scratches)}`,
              numeric: true,
            },
            { key: "rate", header: "Win rate", cell: (g) => formatPercent(g.winRate), numeric: true },
            {
              key: "net",
              header: "Net P&L",
              numeric: true,
              cell: (g) => (
                <>
                  <Pnl value={g.netPnl} />
                  <PnlBar value={g.netPnl} largest={largestGroup} />
                </>
              ),
            },
            {
              key: "avg",
              header: "Expectancy (avg net P&L)",
              cell: (g) => <Pnl value={g.expectancy} />,
              numeric: true,
            },
            { key: "r", header: "Expectancy (R)", cell: (g) => formatR(g.expectancyR), numeric: true },
            { key: "pf", header: "Profit factor", cell: (g) => formatRatio(g.profitFactor), numeric: true },
            ...(measured
              ? [
                  {
                    key: "eff",
                    header: "Exit efficiency (trades)",
                    numeric: true,
                    cell: (g: (typeof breakdown.groups)[number]) =>
                      g.avgExitEfficiency === null
                        ? "—"
                        : `${formatPercent(g.avgExitEfficiency)} (${formatCount(g.efficiencyTrades)})`,
                  },
                ]
              : []),
          ]}
        />
      </section>
    </div>
  );
}
