import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Button, SelectField, TextField } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";
import { money } from "~/lib/format";
import { filtersFromUrl, orRefusal } from "~/lib/journal.server";

export const meta: MetaFunction = () => [{ title: "Analytics · Tradecraft" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const filters = filtersFromUrl(new URL(request.url));
  const [summary, accounts] = await Promise.all([orRefusal(api.analytics.summary(filters as never)), api.accounts.list()]);
  return { summary, filters, accounts };
}

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null, digits = 2) => (v === null ? "—" : v === Infinity ? "∞" : v.toFixed(digits));

export default function Analytics() {
  const { summary: s, filters, accounts } = useLoaderData<typeof loader>();
  const cards: { label: string; value: string; definition: string }[] = [
    { label: "Net P&L", value: money(s.netPnl), definition: "Gross P&L minus all fees, over closed trades." },
    { label: "Trades", value: String(s.tradeCount), definition: "Closed trades matching the filters." },
    { label: "Win rate", value: pct(s.winRate), definition: `Wins ÷ (wins + losses): ${s.wins} wins, ${s.losses} losses; ${s.scratches} scratches shown apart.` },
    { label: "Profit factor", value: s.profitFactor === null ? "—" : num(s.profitFactor), definition: "Sum of winning trades ÷ |sum of losing trades|; ∞ without losses." },
    { label: "Expectancy", value: s.expectancy === null ? "—" : money(s.expectancy), definition: "Mean net P&L per closed trade." },
    { label: "Expectancy (R)", value: num(s.expectancyR), definition: "Mean R multiple over trades whose risk is known." },
    { label: "Average win", value: money(s.averageWin), definition: "Mean net P&L of winning trades." },
    { label: "Average loss", value: money(s.averageLoss), definition: "Mean net P&L of losing trades." },
    { label: "Payoff ratio", value: num(s.payoffRatio), definition: "Average win ÷ |average loss|." },
    { label: "Max drawdown", value: money(-s.maxDrawdown), definition: "Largest fall of cumulative net P&L from its running peak." },
    { label: "Max drawdown %", value: pct(s.maxDrawdownPct), definition: "The same fall as a share of peak equity; needs the account's starting balance." },
    { label: "Longest streaks", value: `${s.longestWinStreak} wins · ${s.longestLossStreak} losses`, definition: "Longest runs of consecutive wins and losses; a scratch ends a run." },
    { label: "Best / worst trade", value: `${money(s.bestTrade)} / ${money(s.worstTrade)}`, definition: "Largest and smallest net P&L of one trade." },
    { label: "Average hold", value: s.averageHoldMinutes === null ? "—" : `${Math.round(s.averageHoldMinutes)} min`, definition: "Mean time from entry to exit." },
    { label: "SQN", value: num(s.sqn), definition: "√N × mean R ÷ standard deviation of R (N ≥ 2, risk known)." },
    { label: "Fees", value: money(s.fees), definition: "All commissions and fees of closed trades." },
  ];
  return (
    <div className="tc-stack">
      <h1>Analytics</h1>
      <Form method="get" className="tc-grid" aria-label="Filter the statistics">
        <TextField label="From" name="from" type="date" defaultValue={filters.from} />
        <TextField label="To" name="to" type="date" defaultValue={filters.to} />
        <TextField label="Symbol" name="symbol" defaultValue={filters.symbol} />
        <SelectField label="Account" name="accountId" defaultValue={filters.accountId ?? ""} options={[{ value: "", label: "All accounts" }, ...accounts.map((a) => ({ value: a.id, label: a.name }))]} />
        <div>
          <Button type="submit">Filter</Button>
        </div>
      </Form>
      <dl className="tc-grid tc-metrics">
        {cards.map((c) => (
          <div key={c.label} className="tc-card">
            <dt className="tc-stat__label" title={c.definition}>
              {c.label}
            </dt>
            <dd className="tc-stat__value">{c.value}</dd>
            <dd className="tc-muted tc-metric__definition">{c.definition}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
