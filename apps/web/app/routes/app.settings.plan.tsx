import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Alert, Button, Card, TextAreaField, UsageMeter } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";
import { type FormFailure, formFailure } from "~/lib/forms.server";

export const meta: MetaFunction = () => [{ title: "Plan · Tradecraft" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const [usage, plans, plan, profile] = await Promise.all([
    api.usage.summary(),
    api.usage.plans(),
    api.plan.get(),
    api.account.profile(),
  ]);
  return { usage, plans, request: plan.request, timeZone: profile.timeZone };
}

type ActionData = FormFailure & { message: string };

// Two forms on one page, told apart by `intent`; each answers with a redirect, so a reload never
// sends a request twice.
export async function action({ request }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const message = String(form.get("message") ?? "");
  try {
    if (intent === "request-pro") await api.plan.requestPro({ message });
    else if (intent === "cancel-request")
      await api.plan.cancelRequest({ requestId: String(form.get("requestId") ?? "") });
    else return new Response("Unknown action", { status: 400 });
    return redirect(`/app/settings/plan?done=${intent === "request-pro" ? "requested" : "cancelled"}`);
  } catch (error) {
    const { data, status } = formFailure(error);
    return Response.json({ ...data, message } satisfies ActionData, { status });
  }
}

/** "7 Dec 2026" in the member's zone. */
const dayIn = (timeZone: string, date: Date) =>
  new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone }).format(date);

type ProRequestView = {
  id: string;
  status: "REQUESTED" | "APPROVED" | "DECLINED" | "CANCELLED";
  createdAt: Date;
  decidedAt: Date | null;
  message: string | null;
};

/** Where the member's latest request stands, and the form to send one when none is open. */
function ProRequestCard({ request, timeZone }: { request: ProRequestView | null; timeZone: string }) {
  const failure = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const on = (date: Date | null) => (date ? dayIn(timeZone, date) : "");
  const isOpen = request?.status === "REQUESTED";
  return (
    <Card aria-labelledby="upgrade-heading">
      <h2 id="upgrade-heading">Upgrading to Pro</h2>
      <p>
        Pro gives you more coach conversations, longer conversations and more gradings. There is no online checkout yet:
        request Pro below and a community admin moves your account to Pro. The change applies at once.
      </p>
      {failure?.formError ? <Alert tone="error">{failure.formError}</Alert> : null}
      {isOpen ? (
        <>
          <p role="status" id="pro-request-state">
            <strong>Requested on {on(request.createdAt)}</strong> — waiting for an admin.
          </p>
          {request.message ? <p className="tc-muted">Your message: “{request.message}”</p> : null}
          <Form method="post">
            <input type="hidden" name="intent" value="cancel-request" />
            <input type="hidden" name="requestId" value={request.id} />
            <Button type="submit" variant="secondary" disabled={busy}>
              Cancel my request
            </Button>
          </Form>
        </>
      ) : (
        <>
          {request?.status === "DECLINED" ? (
            <p id="pro-request-state">
              Your request of {on(request.createdAt)} was declined on {on(request.decidedAt)}. You can ask again.
            </p>
          ) : null}
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="request-pro" />
            <TextAreaField
              label="Message to the admins (optional)"
              name="message"
              hint="At most 500 characters"
              defaultValue={failure?.message ?? ""}
              error={failure?.fieldErrors.message}
            />
            <div className="tc-actions">
              <Button type="submit" disabled={busy}>
                Request Pro
              </Button>
            </div>
          </Form>
        </>
      )}
    </Card>
  );
}

const PERIOD = { never: "in total", daily: "a day", weekly: "a week", monthly: "a month" } as const;

export default function Plan() {
  const { usage, plans, request, timeZone } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const isPro = usage.tier === "PRO";
  const per = PERIOD[plans.resetPeriod];
  const done = params.get("done");
  return (
    <div className="tc-stack">
      <h1>Your plan</h1>
      {done === "requested" && request?.status === "REQUESTED" ? (
        <Alert tone="success">Your request was sent. An admin will look at it soon.</Alert>
      ) : null}
      {done === "cancelled" ? <Alert tone="success">Your request was cancelled.</Alert> : null}
      <p>
        You are on the <strong>{isPro ? "Pro" : "Free"}</strong> plan.
      </p>
      <UsageMeter
        tier={usage.tier}
        conversations={usage.conversations}
        gradings={usage.gradings}
        heading="This period"
      />
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
        <p>
          {request?.status === "APPROVED" ? (
            <>Your request for Pro was approved on {dayIn(timeZone, request.decidedAt ?? request.createdAt)}. </>
          ) : null}
          Thank you for being a Pro member. Allowances renew at the start of each period (UTC).
        </p>
      ) : (
        <ProRequestCard request={request} timeZone={timeZone} />
      )}
    </div>
  );
}
