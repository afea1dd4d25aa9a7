import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Alert, ErrorSummary } from "@tradecraft/ui";
import { fieldErrorsOf, isMarketOutage } from "~/components/market/market-page.server";
import { FreshnessLabels } from "~/components/market/quote-header";
import { SymbolSearch } from "~/components/market/symbol-search";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.query ? `“${data.query}” · Market · Tradecraft` : "Market · Tradecraft" },
];

// The header's symbol search lands here (GET ?q=): the matches, each linking to its page.
export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  // Bounded before the router sees it; the router's own limit (40) is the one members are told.
  const query = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 200);
  const { timeZone } = await api.account.profile();
  const empty = {
    query,
    timeZone,
    matches: null,
    error: null,
    unavailable: false,
    simulated: false,
    stale: false,
    asOf: 0,
  };
  if (!query.trim()) return empty;
  try {
    const result = await api.market.search({ query });
    return { ...empty, matches: result.data, simulated: result.simulated, stale: result.stale, asOf: result.asOf };
  } catch (error) {
    if (isMarketOutage(error)) return data({ ...empty, unavailable: true }, { status: 503 });
    const message = fieldErrorsOf(error)?.query?.[0];
    if (!message) throw error;
    return data({ ...empty, error: message }, { status: 400 });
  }
}

export default function MarketSearch() {
  const { query, matches, error, unavailable, simulated, stale, asOf, timeZone } = useLoaderData<typeof loader>();
  return (
    <div className="tc-stack">
      <h1>Market</h1>
      <ErrorSummary fieldErrors={error ? { q: [error] } : null} fieldIds={{ q: "market-search" }} />
      <SymbolSearch landmark="Search markets" defaultValue={query} error={error} id="market-search" visibleLabel />
      {unavailable ? (
        <Alert tone="error">
          Market data is unavailable right now, so search cannot answer. Please try again in a minute.
        </Alert>
      ) : null}
      {matches ? (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">
            {matches.length === 0
              ? `No symbols match “${query}”`
              : `${matches.length} symbol${matches.length === 1 ? "" : "s"} matching “${query}”`}
          </h2>
          <FreshnessLabels simulated={simulated} stale={stale} asOf={asOf} timeZone={timeZone} />
          <ul className="tc-search-results">
            {matches.map((m) => (
              <li key={m.symbol}>
                <Link to={`/app/market/${encodeURIComponent(m.symbol)}`}>
                  <strong>{m.symbol}</strong>
                </Link>{" "}
                {m.name}{" "}
                <span className="tc-muted">
                  · {m.assetClass}
                  {m.exchange ? ` · ${m.exchange}` : ""}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p>Type a symbol (AAPL, BTC, ES) or part of a company’s name.</p>
      )}
    </div>
  );
}
