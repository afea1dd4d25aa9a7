import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, Button, Card, TextField, UsageMeter } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";
import { type CoachRefusal, UPGRADE_HREF } from "~/lib/coach";
import { coachRefusalOf } from "~/lib/coach.server";

export const meta: MetaFunction = () => [{ title: "Coach · Tradecraft" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const [conversations, usage] = await Promise.all([api.coach.list(), api.coach.usage({})]);
  const deleted = new URL(request.url).searchParams.get("deleted") === "1";
  return { conversations, usage, deleted };
}

export async function action({ request }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const form = await request.formData();
  const title = String(form.get("title") ?? "").trim();
  try {
    const conversation = await api.coach.create(title ? { title } : {});
    return redirect(`/app/coach/${conversation.id}`);
  } catch (error) {
    const refusal = coachRefusalOf(error);
    return Response.json(refusal satisfies CoachRefusal, { status: refusal.status });
  }
}

const when = (date: string | Date) =>
  new Date(date).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";

export default function CoachHome() {
  const { conversations, usage, deleted } = useLoaderData<typeof loader>();
  const refusal = useActionData<CoachRefusal>();
  const busy = useNavigation().state === "submitting";
  // At the limit the button is off with the reason beside it, rendered on the server (works without JavaScript).
  const { used, limit, resetsAt } = usage.conversations;
  const outReason =
    used >= limit
      ? `You have started all ${limit} conversations ${resetsAt ? `of this period; more on ${when(resetsAt)}` : "your plan includes"}.`
      : null;
  return (
    <div className="tc-stack">
      <h1>Coach</h1>
      <p>Ask about your own trading: the coach reads your journal and statistics. It does not give financial advice.</p>
      {deleted ? <Alert tone="success">The conversation was deleted.</Alert> : null}
      <UsageMeter
        tier={usage.tier}
        conversations={usage.conversations}
        upgradeHref={UPGRADE_HREF}
        heading="Coach usage"
      />
      <Card aria-labelledby="new-heading">
        <h2 id="new-heading">New conversation</h2>
        {refusal ? (
          <Alert tone="error">
            {refusal.message}
            {refusal.upgrade ? (
              <>
                {" "}
                <a href={UPGRADE_HREF}>Upgrade to Pro</a> for more conversations.
              </>
            ) : null}
          </Alert>
        ) : null}
        <Form method="post" className="tc-narrow">
          <TextField
            label="Title (optional)"
            name="title"
            maxLength={100}
            hint="Without one, your first question becomes the title."
          />
          <Button
            type="submit"
            disabled={busy || outReason !== null}
            aria-describedby={outReason ? "start-limit-reason" : undefined}
          >
            Start a conversation
          </Button>
          {outReason ? (
            <p id="start-limit-reason" className="tc-field__hint">
              {outReason}
              {usage.tier === "FREE" ? (
                <>
                  {" "}
                  <a href={UPGRADE_HREF}>See the Pro plan</a>.
                </>
              ) : null}
            </p>
          ) : null}
        </Form>
      </Card>
      <section aria-labelledby="list-heading" className="tc-stack">
        <h2 id="list-heading">Your conversations</h2>
        {conversations.length ? (
          <ul className="tc-coach-list">
            {conversations.map((c) => (
              <li key={c.id}>
                <Link to={`/app/coach/${c.id}`}>{c.title}</Link>{" "}
                <span className="tc-muted">Last active {when(c.lastActivityAt)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="tc-muted">No conversations yet. Start one above.</p>
        )}
      </section>
    </div>
  );
}
