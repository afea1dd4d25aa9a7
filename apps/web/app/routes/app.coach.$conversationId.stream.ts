// The coach's answer as server-sent events, for the conversation page's script: runs the
// coach.stream subscription through the server-side caller and writes each event as it comes.
// Refusals before the first event (not found, 429, 402, bad upload) are plain JSON with their
// status, so the page can show them like the script-free form does.
import type { ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { coachRefusalOf, messageInputOf, readMessageForm, TOO_LARGE } from "~/lib/coach.server";
import { renderNotes } from "~/lib/markdown.server";

const encoder = new TextEncoder();
const event = (name: string, data: unknown) => encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);

export async function loader() {
  return new Response("Use POST", { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const form = await readMessageForm(request);
  if (!form) return Response.json(TOO_LARGE, { status: TOO_LARGE.status });
  const input = await messageInputOf(form, params.conversationId ?? "");

  let iterator: AsyncIterator<
    Awaited<ReturnType<typeof api.coach.send>> | { type: "token"; text: string } | { type: "tool"; name: string }
  >;
  let first: IteratorResult<unknown>;
  try {
    // A closed connection cancels the body, which ends the generator (and its model stream) at its next event.
    const events = await api.coach.stream(input);
    iterator = events[Symbol.asyncIterator]();
    first = await iterator.next();
  } catch (error) {
    const refusal = coachRefusalOf(error);
    return Response.json(refusal, { status: refusal.status });
  }

  let pending: IteratorResult<unknown> | null = first;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = pending ?? (await iterator.next());
        pending = null;
        if (next.done) return controller.close();
        const value = next.value as { type: string; answer?: string };
        if (value.type === "done")
          controller.enqueue(event("done", { ...value, html: renderNotes(value.answer ?? "") }));
        else controller.enqueue(event(value.type, value));
      } catch (error) {
        let message = "The coach could not answer just now. Please try again.";
        try {
          message = coachRefusalOf(error).message;
        } catch {
          // An unexpected fault: the generic sentence; the API has logged it.
        }
        controller.enqueue(event("error", { message }));
        controller.close();
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
