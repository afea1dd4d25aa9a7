// Pages named by an id in their URL (/app/journal/:tradeId, /app/coach/:conversationId): an id
// that is not the member's, or is no id at all (%00, far too long), is the 404 page, as any
// address that leads nowhere is; it was a 500 when the lookup threw past the loader.
import { formErrorsOf, TRPCError } from "@tradecraft/api";
import { orRefusal } from "./journal.server";

/** True when a procedure refused `idField`'s id: not found, or refused by its schema. */
export function isUnknownId(error: unknown, idField: string): boolean {
  if (!(error instanceof TRPCError)) return false;
  return (
    error.code === "NOT_FOUND" ||
    Boolean(error.code === "BAD_REQUEST" && formErrorsOf(error)?.fieldErrors[idField]?.length)
  );
}

/** The 404 page's response for an id from the URL. */
export function notFound(message = "There is nothing at this address: the link may be old or mistyped."): Response {
  return new Response(message, { status: 404 });
}

/** `promise`'s value; a refused id is thrown as the 404 page, other refusals as orRefusal throws them. */
export async function orNotFound<T>(promise: Promise<T>, idField: string): Promise<T> {
  return orRefusal(
    promise.catch((error: unknown) => {
      if (isUnknownId(error, idField))
        throw notFound(error instanceof TRPCError && error.code === "NOT_FOUND" ? error.message : undefined);
      throw error;
    }),
  );
}
