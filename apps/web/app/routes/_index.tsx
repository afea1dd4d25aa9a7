import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { apiFor } from "@tradecraft/api";
import { Alert, AppShell, ButtonLink, Card, StatusBadge } from "@tradecraft/ui";
import { absoluteUrl } from "~/lib/site.server";

const DESCRIPTION =
  "Tradecraft is the members' platform of a trading-education community: a trade journal that gets " +
  "the P&L right to the cent, honest statistics, graded trades and an AI coach that knows your journal.";

export async function loader({ request }: LoaderFunctionArgs) {
  const api = await apiFor(request);
  const status = await api.system.status();
  return { status, canonical: absoluteUrl("/") };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: "Tradecraft · The trading journal that tells you the truth" },
  { name: "description", content: DESCRIPTION },
  { tagName: "link", rel: "canonical", href: data?.canonical ?? "/" },
  { property: "og:title", content: "Tradecraft" },
  { property: "og:description", content: DESCRIPTION },
  { property: "og:type", content: "website" },
];

const FEATURES = [
  {
    title: "A journal you can trust",
    body: "Partial exits, fees and futures multipliers, FIFO lots: the P&L is right to the cent, and days are your days, not the server's.",
  },
  {
    title: "Import from your broker",
    body: "Interactive Brokers, thinkorswim, Tradovate, Webull, Robinhood, Tastytrade or a plain CSV. Re-importing never duplicates a fill.",
  },
  {
    title: "Honest statistics",
    body: "Win rate, expectancy in R, profit factor, drawdown, streaks and SQN, by setup, symbol, weekday and hour, each with its definition.",
  },
  {
    title: "Every trade graded",
    body: "Setup, risk, execution, discipline and psychology scored for each trade, with what to keep doing and what to fix.",
  },
  {
    title: "A coach that knows your journal",
    body: "Ask about your last losing trade or your best setup; answers come from your own data, not from generic advice.",
  },
  {
    title: "Your trades on the chart",
    body: "Candles for any symbol with your own entries and exits marked, how far each trade ran for and against you, and watchlists whose prices update as you watch.",
  },
];
// Only what works today: price alerts and notifications arrive in a later release.

export default function Landing() {
  const { status } = useLoaderData<typeof loader>();
  const deleted = useSearchParams()[0].get("deleted") === "1";
  const up = status.database === "up";
  return (
    <AppShell
      nav={[
        { href: "/signup", label: "Create account" },
        { href: "/login", label: "Sign in" },
      ]}
      footer={
        <>
          <span>© Tradecraft · Not financial advice.</span>
          <span>
            <StatusBadge ok={up}>{up ? "All systems operational" : "Degraded: database unreachable"}</StatusBadge>{" "}
            <span className="tc-muted">v{status.version}</span>
          </span>
        </>
      }
    >
      {deleted ? (
        <Alert tone="success">Your account and its data were deleted. Thank you for trading with us.</Alert>
      ) : null}
      <section className="tc-hero" aria-labelledby="hero-title">
        <p className="tc-hero__eyebrow">For members of the community</p>
        <h1 id="hero-title">The trading journal that tells you the truth.</h1>
        <p>{DESCRIPTION}</p>
        <div className="tc-actions">
          <ButtonLink href="/signup">Create your free account</ButtonLink>
          <ButtonLink href="/login" variant="secondary">
            Sign in
          </ButtonLink>
        </div>
      </section>
      <section aria-labelledby="features-title">
        <h2 id="features-title">What members get</h2>
        <div className="tc-grid">
          {FEATURES.map((feature) => (
            <Card key={feature.title}>
              <h3>{feature.title}</h3>
              <p className="tc-muted">{feature.body}</p>
            </Card>
          ))}
        </div>
      </section>
    </AppShell>
  );
}
