// The coach pages' server side: reading the message form (with an optional chart upload) and
// turning the coach's refusals into what the page shows inline.
import { unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { httpStatusOf, refusalMessageOf, TRPCError } from "@tradecraft/api";
import { isUnknownId } from "./not-found.server";
import type { CoachRefusal } from "./coach";

/** Largest chart upload (the API checks again, by content). */
export const MAX_CHART_BYTES = 10 * 1024 * 1024;

/** The form's fields, multipart (with a chart) or not; null when an upload is over 10 MB. */
export async function readMessageForm(request: Request): Promise<FormData | null> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) return request.formData();
  try {
    return await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_CHART_BYTES }),
    );
  } catch {
    return null;
  }
}

/** The coach.send / coach.stream input the form holds. */
export async function messageInputOf(form: FormData, conversationId: string) {
  const file = form.get("image");
  const image = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : undefined;
  const mode = form.get("mode") === "enhanced" ? ("enhanced" as const) : ("quick" as const);
  return { conversationId, text: String(form.get("text") ?? ""), mode, ...(image ? { image } : {}) };
}

/**
 * What the page says when the coach refused: the API's message for 4xx and for 503 (the coach or
 * the usage check is unavailable, both worded for people); anything else is rethrown.
 */
export function coachRefusalOf(error: unknown): CoachRefusal {
  const status = httpStatusOf(error);
  if (!(error instanceof TRPCError) || (status >= 500 && status !== 503)) throw error;
  // The conversation's id comes from the URL: one that is not an id at all is as unknown as another member's.
  if (isUnknownId(error, "conversationId"))
    return { status: 404, message: "That conversation was not found.", upgrade: false };
  return { status, message: refusalMessageOf(error), upgrade: status === 402 };
}

/** A refusal for an upload over the limit. */
export const TOO_LARGE: CoachRefusal = { status: 413, message: "Images can be at most 10 MB.", upgrade: false };
