import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert, ButtonLink, EmptyState, Table, UsageMeter } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";
import { Pnl } from "~/components/pnl";
import { formatCount, formatPercent, formatRatio } from "~/lib/format";
import { TimeZoneNote, TimeZoneOffer, zoneLabel } from "~/components/time-zone";
import { type FormFailure, formFailure } from "~/lib/forms.server";
import { suggestedTimeZone, timeZoneOptions } from "~/lib/time-zones.server";

export const meta: MetaFunction = () => [{ title: "Home · Tradecraft" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, api } = await requireUser(request);
  // The home page still opens when usage cannot be read; the meter is left out instead.
  const [usage, summary, recent, profile] = await Promise.all([
    api.usage.summary().catch(() => null),
    api.analytics.summary({}),
    api.journal.list({ limit: 5 }),
    api.account.profile(),
  ]);
  return {
    user: { displayName: user.displayName, tier: user.tier },
    usage,
    journal: {
      tradeCount: recent.totals.count,
      closedCount: summary.tradeCount,
      netPnl: summary.netPnl,
      winRate: summary.winRate,
      profitFactor: summary.profitFactor,
    },
    recent: recent.trades,
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

export default function MemberHome() {
  const { user, usage, journal, recent, timeZone, timeZoneOffer } = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  const [params] = useSearchParams();
  const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone });
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
      {usage ? <UsageMeter tier={usage.tier} conversations={usage.conversations} gradings={usage.gradings} /> : null}
      {journal.tradeCount === 0 ? (
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
          Add your first trade by hand or import your broker&apos;s CSV: statistics, grades and the coach work from it.
        </EmptyState>
      ) : (
        <section aria-labelledby="journal-heading" className="tc-stack">
          <h2 id="journal-heading">Your journal</h2>
          <dl className="tc-grid tc-metrics">
            {[
              { label: "Trades", value: formatCount(journal.tradeCount) },
              { label: "Net P&L (closed trades)", value: <Pnl value={journal.netPnl} /> },
              { label: "Win rate", value: formatPercent(journal.winRate) },
              { label: "Profit factor", value: journal.closedCount ? formatRatio(journal.profitFactor) : "—" },
            ].map((fact) => (
              <div key={fact.label} className="tc-card">
                <dt className="tc-stat__label">{fact.label}</dt>
                <dd className="tc-stat__value">{fact.value}</dd>
              </div>
            ))}
          </dl>
          <Table
            caption={`Latest trades (times in ${timeZone})`}
            rows={recent}
            rowKey={(t) => t.id}
            columns={[
              { key: "when", header: "Opened", cell: (t) => when.format(new Date(t.entryAt)) },
              { key: "symbol", header: "Symbol", cell: (t) => <Link to={`/app/journal/${t.id}`}>{t.symbol}</Link> },
              { key: "direction", header: "Side", cell: (t) => t.direction },
              { key: "status", header: "Status", cell: (t) => t.status },
              { key: "net", header: "Net P&L", numeric: true, cell: (t) => <Pnl value={t.netPnl} /> },
            ]}
          />
          <p>
            <Link to="/app/journal">All trades</Link> · <Link to="/app/analytics">Statistics</Link> ·{" "}
            <Link to="/app/coach">Ask the coach</Link>
          </p>
        </section>
      )}
    </div>
  );
}
