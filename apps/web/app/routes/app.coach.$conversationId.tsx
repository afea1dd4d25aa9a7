import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { MAX_MESSAGE_CHARS } from "@tradecraft/api/constants";
import { Alert, Button, Card, SelectField, TextAreaField, TextField, UsageMeter } from "@tradecraft/ui";
import { type FormEvent, useEffect, useState } from "react";
import { requireUser } from "~/lib/auth.server";
import { type CoachRefusal, UPGRADE_HREF } from "~/lib/coach";
import { coachRefusalOf, messageInputOf, readMessageForm, TOO_LARGE } from "~/lib/coach.server";
import { renderNotes } from "~/lib/markdown.server";
import { orNotFound } from "~/lib/not-found.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.conversation.title ?? "Conversation"} · Coach · Tradecraft` },
];

const MESSAGE_FIELD_ID = "coach-message";

const MODES = [
  { value: "quick", label: "Quick: a short answer (1 message unit)" },
  { value: "enhanced", label: "Enhanced: detailed, looks into your journal (2 units)" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const conversationId = params.conversationId ?? "";
  const [{ conversation, messages }, usage, starters, plans] = await Promise.all([
    // Another member's conversation, or none, is the 404 page (as for a trade), not a 500.
    orNotFound(api.coach.open({ conversationId }), "conversationId"),
    orNotFound(api.coach.usage({ conversationId }), "conversationId"),
    api.coach.starterPrompts(),
    api.usage.plans(),
  ]);
  return {
    conversation,
    usage,
    limitReason: messageLimitReason(usage, plans.tiers.PRO.messagesPerConversation),
    starters,
    maxChars: MAX_MESSAGE_CHARS,
    // The coach's Markdown is rendered here, with raw HTML shown as text and safe links only.
    messages: messages.map((m) => ({
      id: m.id,
      role: m.role,
      content: m.content,
      hasImage: m.hasImage,
      html: m.role === "assistant" ? renderNotes(m.content) : null,
    })),
  };
}

type ActionData = { intent: string; refusal: CoachRefusal; values?: { text: string; mode: string } };

export async function action({ request, params }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const conversationId = params.conversationId ?? "";
  const form = await readMessageForm(request);
  if (!form)
    return Response.json({ intent: "send", refusal: TOO_LARGE } satisfies ActionData, { status: TOO_LARGE.status });
  const intent = String(form.get("intent") ?? "send");
  try {
    if (intent === "rename") {
      await api.coach.rename({ conversationId, title: String(form.get("title") ?? "") });
      return redirect(`/app/coach/${conversationId}`);
    }
    if (intent === "delete") {
      await api.coach.delete({ conversationId });
      return redirect("/app/coach?deleted=1");
    }
    await api.coach.send(await messageInputOf(form, conversationId));
    return redirect(`/app/coach/${conversationId}#latest`);
  } catch (error) {
    const refusal = coachRefusalOf(error);
    return Response.json(
      {
        intent,
        refusal,
        values: { text: String(form.get("text") ?? ""), mode: String(form.get("mode") ?? "quick") },
      } satisfies ActionData,
      {
        status: refusal.status,
      },
    );
  }
}

function RefusalAlert({ refusal }: { refusal: CoachRefusal }) {
  return (
    <Alert tone="error">
      {refusal.message}
      {refusal.upgrade ? (
        <>
          {" "}
          <a href={UPGRADE_HREF}>Upgrade to Pro</a> for more messages, or start a new conversation.
        </>
      ) : null}
    </Alert>
  );
}

/**
 * Why Send is off, when the conversation has no message unit left (messages never renew within a
 * conversation); null while one is left. Rendered on the server, so it holds without JavaScript.
 */
function messageLimitReason(
  usage: { tier: string; messages: { used: number; limit: number } | null },
  proLimit: number,
) {
  if (!usage.messages || usage.messages.used < usage.messages.limit) return null;
  const spent = `You have used all ${usage.messages.limit} messages of this conversation.`;
  return usage.tier === "FREE" && proLimit > usage.messages.limit
    ? {
        text: `${spent} Pro allows ${proLimit} per conversation.`,
        upgrade: true,
      }
    : { text: spent, upgrade: false };
}

interface LiveAnswer {
  question: string;
  text: string;
  html: string | null;
  tool: string | null;
  /** How many messages the page had when the question was sent: the answer is saved once there are two more. */
  baseline: number;
}

/** Reads server-sent events from a fetch response, calling `on` for each. */
async function readEvents(response: Response, on: (name: string, data: Record<string, unknown>) => void) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data) on(name, JSON.parse(data) as Record<string, unknown>);
    }
  }
}

export default function Conversation() {
  const { conversation, messages, usage, limitReason, starters, maxChars } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const revalidator = useRevalidator();
  const [live, setLive] = useState<LiveAnswer | null>(null);
  const [liveRefusal, setLiveRefusal] = useState<CoachRefusal | null>(null);
  const [formKey, setFormKey] = useState(0);
  const refusal = liveRefusal ?? (data?.intent === "send" ? data.refusal : null);

  // After an answer the composer is a fresh form: the cursor goes back into it for the next question.
  useEffect(() => {
    if (formKey > 0) document.getElementById(MESSAGE_FIELD_ID)?.focus();
  }, [formKey]);

  // Once the saved messages are on the page, the live copy steps aside.
  useEffect(() => {
    if (live && live.html !== null && messages.length >= live.baseline + 2) setLive(null);
  }, [messages.length, live]);

  // With JavaScript the answer streams in; without it the form posts to the action and the page reloads.
  async function streamAnswer(event: FormEvent<HTMLFormElement>) {
    if (typeof ReadableStream === "undefined" || typeof TextDecoderStream === "undefined") return;
    event.preventDefault();
    const form = event.currentTarget;
    const body = new FormData(form);
    const question = String(body.get("text") ?? "");
    setLiveRefusal(null);
    setLive({ question, text: "", html: null, tool: null, baseline: messages.length });
    try {
      const response = await fetch(`/app/coach/${conversation.id}/stream`, {
        method: "POST",
        body,
        headers: { Accept: "text/event-stream" },
      });
      if (!response.ok || !response.headers.get("content-type")?.startsWith("text/event-stream")) {
        const problem = (await response.json().catch(() => null)) as CoachRefusal | null;
        setLive(null);
        setLiveRefusal(
          problem ?? {
            status: response.status,
            message: "The coach could not answer just now. Please try again.",
            upgrade: false,
          },
        );
        return;
      }
      let failed = false;
      await readEvents(response, (name, payload) => {
        if (name === "token") setLive((l) => (l ? { ...l, text: l.text + String(payload.text), tool: null } : l));
        else if (name === "tool") setLive((l) => (l ? { ...l, tool: String(payload.name) } : l));
        else if (name === "done")
          setLive((l) => (l ? { ...l, text: String(payload.answer), html: String(payload.html), tool: null } : l));
        else if (name === "error") {
          failed = true;
          setLive(null);
          setLiveRefusal({ status: 503, message: String(payload.message), upgrade: false });
        }
      });
      if (!failed) {
        setFormKey((k) => k + 1);
        revalidator.revalidate();
      }
    } catch {
      setLive(null);
      setLiveRefusal({
        status: 503,
        message: "The connection was lost before the answer finished. Please try again.",
        upgrade: false,
      });
    }
  }

  const sending = busy || (live !== null && live.html === null);
  return (
    <div className="tc-stack">
      <p>
        <Link to="/app/coach">← All conversations</Link>
      </p>
      <h1>{conversation.title}</h1>
      {usage.messages ? (
        <UsageMeter
          tier={usage.tier}
          conversations={usage.conversations}
          messages={usage.messages}
          upgradeHref={UPGRADE_HREF}
          heading="Coach usage"
        />
      ) : null}

      <section aria-labelledby="messages-heading" className="tc-stack">
        <h2 id="messages-heading">Messages</h2>
        {messages.length === 0 && !live ? (
          <div>
            <p>Not sure where to start? Pick a question:</p>
            <ul className="tc-coach-starters">
              {starters.map((prompt) => (
                <li key={prompt}>
                  <Form method="post" onSubmit={streamAnswer}>
                    <input type="hidden" name="intent" value="send" />
                    <input type="hidden" name="mode" value="quick" />
                    <input type="hidden" name="text" value={prompt} />
                    <Button type="submit" variant="secondary" disabled={sending || limitReason !== null}>
                      {prompt}
                    </Button>
                  </Form>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <ol className="tc-coach-messages">
          {messages.map((m, i) => (
            <li
              key={m.id}
              id={i === messages.length - 1 ? "latest" : undefined}
              className={`tc-coach-message tc-coach-message--${m.role}`}
            >
              <p className="tc-coach-author">{m.role === "user" ? "You" : "Coach"}</p>
              {m.html !== null ? (
                // Rendered on the server by markdown-it with HTML disabled and links checked.
                <div className="tc-prose" dangerouslySetInnerHTML={{ __html: m.html }} />
              ) : (
                <p className="tc-coach-text">
                  {m.content}
                  {m.hasImage ? <span className="tc-muted"> (chart attached)</span> : null}
                </p>
              )}
            </li>
          ))}
          {live ? (
            <>
              <li className="tc-coach-message tc-coach-message--user">
                <p className="tc-coach-author">You</p>
                <p className="tc-coach-text">{live.question}</p>
              </li>
              <li
                className="tc-coach-message tc-coach-message--assistant"
                aria-busy={live.html === null}
                data-testid="live-answer"
              >
                <p className="tc-coach-author">Coach</p>
                {live.html !== null ? (
                  <div className="tc-prose" dangerouslySetInnerHTML={{ __html: live.html }} />
                ) : (
                  <p className="tc-coach-text">{live.text || "…"}</p>
                )}
              </li>
            </>
          ) : null}
        </ol>
        <p role="status" className="tc-visually-hidden">
          {live
            ? live.html === null
              ? live.tool
                ? "The coach is looking into your journal…"
                : "The coach is answering…"
              : "The answer is complete."
            : ""}
        </p>
      </section>

      <Card aria-labelledby="ask-heading">
        <h2 id="ask-heading">Ask the coach</h2>
        {refusal ? <RefusalAlert refusal={refusal} /> : null}
        <Form
          key={formKey}
          method="post"
          encType="multipart/form-data"
          onSubmit={streamAnswer}
          className="tc-coach-composer"
        >
          <input type="hidden" name="intent" value="send" />
          <TextAreaField
            id={MESSAGE_FIELD_ID}
            label="Your message"
            name="text"
            required
            rows={5}
            maxLength={maxChars}
            hint={`At most ${maxChars.toLocaleString("en-US")} characters. Don't include passwords or account numbers.`}
            defaultValue={data?.intent === "send" ? data.values?.text : undefined}
          />
          <div className="tc-coach-composer__options">
            <SelectField label="Answer mode" name="mode" options={MODES} defaultValue={data?.values?.mode ?? "quick"} />
            <div className="tc-field">
              <label htmlFor="coach-image">Chart screenshot (optional: PNG, JPEG, WebP or GIF, at most 10 MB)</label>
              <input id="coach-image" name="image" type="file" accept="image/png,image/jpeg,image/webp,image/gif" />
            </div>
          </div>
          <Button
            type="submit"
            disabled={sending || limitReason !== null}
            aria-describedby={limitReason ? "send-limit-reason" : undefined}
          >
            Send
          </Button>
          {limitReason ? (
            <p id="send-limit-reason" className="tc-field__hint">
              {limitReason.text} <Link to="/app/coach">Start a new conversation</Link>
              {limitReason.upgrade ? (
                <>
                  {" · "}
                  <Link to={UPGRADE_HREF}>See the Pro plan</Link>
                </>
              ) : null}
            </p>
          ) : null}
        </Form>
      </Card>

      <Card aria-labelledby="manage-heading">
        <h2 id="manage-heading">Manage this conversation</h2>
        {data && data.intent !== "send" ? <RefusalAlert refusal={data.refusal} /> : null}
        {/* Keyed by the title: once the first answer names the conversation, the field shows the new name. */}
        <Form key={conversation.title} method="post" className="tc-narrow">
          <input type="hidden" name="intent" value="rename" />
          <TextField label="Title" name="title" required maxLength={100} defaultValue={conversation.title} />
          <Button type="submit" variant="secondary" disabled={busy}>
            Rename
          </Button>
        </Form>
        <details>
          <summary>Delete this conversation</summary>
          <Form method="post">
            <input type="hidden" name="intent" value="delete" />
            <p>The conversation leaves your list and the coach's memory. This cannot be undone.</p>
            <Button type="submit" variant="danger" disabled={busy}>
              Delete the conversation
            </Button>
          </Form>
        </details>
      </Card>
    </div>
  );
}
