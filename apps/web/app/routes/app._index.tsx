import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { Alert, ButtonLink, CalendarHeatmap, EmptyState, Table, UsageMeter } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";
import { MemberEquityCurve } from "~/components/member-equity-curve";
import { Pnl } from "~/components/pnl";
import { TradeCards, TradeNetPnl } from "~/components/trade-cards";
import { monthsToCompare } from "~/lib/dashboard.server";
import { type Change as MonthChange, pointsChange, valueChange } from "~/lib/month-change";
import { formatCount, formatPercent, formatPnl, formatPnlCompact, formatRatio } from "~/lib/format";
import { TimeZoneNote, TimeZoneOffer, zoneLabel } from "~/components/time-zone";
import { type FormFailure, formFailure } from "~/lib/forms.server";
import { suggestedTimeZone, timeZoneOptions } from "~/lib/time-zones.server";

export const meta: MetaFunction = () => [{ title: "Home · Tradecraft" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, api } = await requireUser(request);
  // The months are the member's: their zone first, then everything else side by side. Each
  // query is an indexed aggregate over one or two months (the curve is this month's), and the
  // latest five trades come with the journal's total count.
  // The session read brought the zone (issue 16: no profile query of its own).
  const profile = user.frame ?? (await api.account.profile());
  const { thisMonth, lastMonth } = monthsToCompare(new Date(), profile.timeZone);
  const thisMonthFilters = { from: thisMonth.from, to: thisMonth.to };
  // The home page still opens when usage cannot be read; the meter is left out instead.
  const [usage, now, before, curve, calendar, recent] = await Promise.all([
    api.usage.summary().catch(() => null),
    api.analytics.summary(thisMonthFilters),
    api.analytics.summary({ from: lastMonth.from, to: lastMonth.to }),
    api.analytics.equityCurve({ filters: thisMonthFilters }),
    api.analytics.calendar({ month: thisMonth.month }),
    api.journal.list({ limit: 5 }),
  ]);
  const month = (s: typeof now) => ({
    tradeCount: s.tradeCount,
    netPnl: s.netPnl,
    winRate: s.winRate,
    profitFactor: s.profitFactor,
    expectancy: s.expectancy,
  });
  return {
    user: { displayName: user.displayName, tier: user.tier },
    usage,
    tradeCount: recent.totals.count,
    thisMonth: { ...thisMonth, ...month(now) },
    lastMonth: { ...lastMonth, ...month(before) },
    curve,
    calendar: { days: calendar.days, weeks: calendar.weeks, netPnl: calendar.netPnl, tradeCount: calendar.tradeCount },
    recent: recent.trades.map((t) => ({
      id: t.id,
      symbol: t.symbol,
      direction: t.direction,
      status: t.status,
      entryAt: t.entryAt,
      netPnl: t.netPnl,
      pnlOverride: t.pnlOverride,
      costBasisUnknown: t.costBasisUnknown,
      grade: t.grade,
    })),
    timeZone: profile.timeZone,
    // Offered until the member picks a zone or keeps this one (issue 13: members who never chose).
    timeZoneOffer: profile.timeZoneConfirmed
      ? null
      : {
          suggested: suggestedTimeZone(request),
          timeZones: timeZoneOptions(profile.timeZone, suggestedTimeZone(request)),
        },
  };
}

/** The time-zone offer's answer: `keep` keeps the current zone, else the zone sent is used. */
export async function action({ request }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const form = await request.formData();
  const keep = form.get("keep") === "1";
  try {
    const profile = await api.account.confirmTimeZone(keep ? {} : { timeZone: String(form.get("timeZone") ?? "") });
    return redirect(keep ? "/app" : `/app?timeZoneSet=${encodeURIComponent(profile.timeZone)}`);
  } catch (error) {
    const { data, status } = formFailure(error);
    return Response.json(data satisfies FormFailure, { status });
  }
}

// Built once: an Intl formatter costs far more to build than to use.
const MONTH_NAME = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
const monthName = (month: string) => MONTH_NAME.format(new Date(`${month}-01T00:00:00Z`));

/** A change against last month, signed, coloured by its sign and said in words too. */
function Change({ change }: { change: MonthChange }) {
  if (!change) return <span className="tc-desk__change tc-muted">no comparison with last month</span>;
  return (
    <span className="tc-desk__change">
      <span className={`tc-pnl tc-pnl--${change.tone}`}>{change.text}</span> vs last month
    </span>
  );
}

export default function MemberHome() {
  const { user, usage, tradeCount, thisMonth, lastMonth, curve, calendar, recent, timeZone, timeZoneOffer } =
    useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  const [params] = useSearchParams();
  const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone });
  const longDay = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
  const hasTrades = (n: number) => n > 0;
  // Nothing to compare with when last month had no closed trades.
  const compared = hasTrades(lastMonth.tradeCount);
  const facts: { label: string; value: ReactNode; change: MonthChange }[] = [
    {
      label: "Net P&L",
      value: <Pnl value={thisMonth.netPnl} />,
      change: compared ? valueChange(thisMonth.netPnl, lastMonth.netPnl, (d) => formatPnl(d)) : null,
    },
    {
      label: "Win rate",
      value: formatPercent(thisMonth.winRate),
      change: pointsChange(thisMonth.winRate, lastMonth.winRate),
    },
    {
      label: "Profit factor",
      value: hasTrades(thisMonth.tradeCount) ? formatRatio(thisMonth.profitFactor) : "—",
      change: valueChange(
        thisMonth.profitFactor,
        lastMonth.profitFactor,
        (d) => `${d > 0 ? "+" : ""}${formatRatio(d)}`,
      ),
    },
    {
      label: "Expectancy",
      value: <Pnl value={thisMonth.expectancy} />,
      change: compared ? valueChange(thisMonth.expectancy, lastMonth.expectancy, (d) => formatPnl(d)) : null,
    },
  ];
  return (
    <div className="tc-stack">
      {params.get("verified") === "1" ? <Alert tone="success">Your email is confirmed.</Alert> : null}
      {params.get("passwordReset") === "1" ? (
        <Alert tone="success">Your password was changed. Every other device was signed out.</Alert>
      ) : null}
      {params.get("timeZoneSet") === timeZone ? (
        <Alert tone="success">Times are now shown in {zoneLabel(timeZone)}.</Alert>
      ) : null}
      {failure?.formError ? <Alert tone="error">{failure.formError}</Alert> : null}
      <h1>Welcome, {user.displayName}</h1>
      <TimeZoneNote timeZone={timeZone} />
      {timeZoneOffer ? (
        <TimeZoneOffer
          current={timeZone}
          suggested={timeZoneOffer.suggested}
          timeZones={timeZoneOffer.timeZones}
          error={failure?.fieldErrors.timeZone}
        />
      ) : null}
      <p className="tc-muted">{user.tier === "PRO" ? "Pro member" : "Free member"}</p>
      {tradeCount === 0 ? (
        <>
          <EmptyState
            title="Your journal is empty"
            action={
              <div className="tc-actions">
                <ButtonLink href="/app/journal/new">Add a trade</ButtonLink>
                <ButtonLink href="/app/journal/import" variant="secondary">
                  Import a broker file
                </ButtonLink>
              </div>
            }
          >
            Add your first trade by hand or import your broker&apos;s CSV: statistics, grades and the coach work from
            it.
          </EmptyState>
          {usage ? (
            <UsageMeter tier={usage.tier} conversations={usage.conversations} gradings={usage.gradings} />
          ) : null}
        </>
      ) : (
        <>
          <section aria-labelledby="month-heading" className="tc-stack">
            <h2 id="month-heading">{monthName(thisMonth.month)} so far</h2>
            <p className="tc-muted">
              {formatCount(thisMonth.tradeCount)} closed trade{thisMonth.tradeCount === 1 ? "" : "s"} opened this month,
              against {formatCount(lastMonth.tradeCount)} in {monthName(lastMonth.month)}.
            </p>
            <dl className="tc-grid tc-metrics">
              {facts.map((fact) => (
                <div key={fact.label} className="tc-card">
                  <dt className="tc-stat__label">{fact.label}</dt>
                  <dd className="tc-stat__value">{fact.value}</dd>
                  <dd className="tc-desk__delta">
                    <Change change={fact.change} />
                  </dd>
                </div>
              ))}
            </dl>
          </section>
          <section aria-labelledby="curve-heading" className="tc-stack">
            <h2 id="curve-heading">Equity curve this month</h2>
            <MemberEquityCurve
              title={`Cumulative net P&L after each closed trade opened in ${monthName(thisMonth.month)}`}
              points={curve.points}
              tradeCount={curve.tradeCount}
              downsampled={curve.downsampled}
              timeZone={timeZone}
            />
          </section>
          <section aria-labelledby="calendar-heading" className="tc-stack">
            <h2 id="calendar-heading">P&amp;L calendar</h2>
            <p className="tc-muted">
              Each trade counts on the day it closed. {monthName(thisMonth.month)}: {formatCount(calendar.tradeCount)}{" "}
              trade{calendar.tradeCount === 1 ? "" : "s"}, net <Pnl value={calendar.netPnl} />.
            </p>
            <CalendarHeatmap
              caption={`${monthName(thisMonth.month)}: net P&L by day`}
              days={calendar.days}
              weeks={calendar.weeks}
              formatMoney={(v) => formatPnl(v)}
              formatCompact={(v) => formatPnlCompact(v)}
              formatDay={(d) => longDay.format(new Date(`${d}T12:00:00Z`))}
            />
          </section>
          <section aria-labelledby="latest-heading" className="tc-stack">
            <h2 id="latest-heading">Latest trades</h2>
            <TradeCards
              label={`Latest trades (times in ${timeZone})`}
              trades={recent}
              formatWhen={(at) => when.format(new Date(at))}
              empty="No trades yet."
            />
            <div className="tc-wide-only">
              <Table
                caption={`Latest trades (times in ${timeZone})`}
                rows={recent}
                rowKey={(t) => t.id}
                columns={[
                  { key: "when", header: "Opened", cell: (t) => when.format(new Date(t.entryAt)) },
                  {
                    key: "symbol",
                    header: "Symbol",
                    cell: (t) => <Link to={`/app/journal/${t.id}`}>{t.symbol}</Link>,
                  },
                  { key: "direction", header: "Side", cell: (t) => t.direction },
                  { key: "status", header: "Status", cell: (t) => t.status },
                  { key: "net", header: "Net P&L", numeric: true, cell: (t) => <TradeNetPnl trade={t} /> },
                  { key: "grade", header: "Grade", cell: (t) => t.grade ?? "—" },
                ]}
              />
            </div>
            <p>
              <Link to="/app/journal">All {formatCount(tradeCount)} trades</Link> ·{" "}
              <Link to="/app/analytics">Statistics</Link> · <Link to="/app/coach">Ask the coach</Link>
            </p>
          </section>
          {usage ? (
            <UsageMeter tier={usage.tier} conversations={usage.conversations} gradings={usage.gradings} />
          ) : null}
        </>
      )}
    </div>
  );
}
