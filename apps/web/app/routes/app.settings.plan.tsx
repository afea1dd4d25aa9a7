import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card, UsageMeter } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Plan · Tradecraft" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const [usage, plans] = await Promise.all([api.usage.summary(), api.usage.plans()]);
  return { usage, plans };
}

const PERIOD = { never: "in total", daily: "a day", weekly: "a week", monthly: "a month" } as const;

export default function Plan() {
  const { usage, plans } = useLoaderData<typeof loader>();
  const isPro = usage.tier === "PRO";
  const per = PERIOD[plans.resetPeriod];
  return (
    <div className="tc-stack">
      <h1>Your plan</h1>
      <p>
        You are on the <strong>{isPro ? "Pro" : "Free"}</strong> plan.
      </p>
      <UsageMeter tier={usage.tier} conversations={usage.conversations} gradings={usage.gradings} heading="This period" />
      <Card aria-labelledby="plans-heading">
        <h2 id="plans-heading">What each plan includes</h2>
        <table className="tc-table">
          <caption>AI allowances of the Free and Pro plans</caption>
          <thead>
            <tr>
              <th scope="col">Allowance</th>
              <th scope="col">Free</th>
              <th scope="col">Pro</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Coach conversations ({per})</th>
              <td>{plans.tiers.FREE.conversations}</td>
              <td>{plans.tiers.PRO.conversations}</td>
            </tr>
            <tr>
              <th scope="row">Messages per conversation (an enhanced answer counts as 2)</th>
              <td>{plans.tiers.FREE.messagesPerConversation}</td>
              <td>{plans.tiers.PRO.messagesPerConversation}</td>
            </tr>
            <tr>
              <th scope="row">Trade gradings (a month)</th>
              <td>{plans.tiers.FREE.gradingsPerMonth}</td>
              <td>{plans.tiers.PRO.gradingsPerMonth}</td>
            </tr>
          </tbody>
        </table>
      </Card>
      {isPro ? (
        <p>Thank you for being a Pro member. Allowances renew at the start of each period (UTC).</p>
      ) : (
        <Card aria-labelledby="upgrade-heading">
          <h2 id="upgrade-heading">Upgrading to Pro</h2>
          <p>
            Pro gives you more coach conversations, longer conversations and more gradings. There is no online checkout
            yet: contact us to upgrade, and a community admin moves your account to Pro. The change applies at once.
          </p>
        </Card>
      )}
    </div>
  );
}
