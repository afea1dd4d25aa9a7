import { formErrorsOf, httpStatusOf, TRPCError } from "@tradecraft/api";

export interface FormFailure {
  fieldErrors: Record<string, string[] | undefined>;
  formError: string | null;
}

/**
 * What a form shows when a procedure refused: its field errors (one message each), or its message when it is meant
 * for people (4xx), or a generic sentence; and the HTTP status to answer with. Server faults
 * (5xx) are rethrown for the error page, which logs them and shows the request id.
 */
export function formFailure(error: unknown): { data: FormFailure; status: number } {
  const status = httpStatusOf(error);
  if (status >= 500) throw error;
  // Parts of an object field ("option.strike") are keyed by their path, to show beside their own control.
  const inputErrors = formErrorsOf(error, { nested: true });
  return {
    data: {
      fieldErrors: inputErrors?.fieldErrors ?? {},
      formError: inputErrors ? null : error instanceof TRPCError ? error.message : "Please try again.",
    },
    status,
  };
}

// Mirrors the API's own sentence for a bad link; a token that fails the input schema (too long)
// arrives as zod's raw issues, which are not for people.
const MALFORMED_LINK = "This link is not valid. Check that you copied all of it, or ask for a new one.";

/**
 * Why a mailed link (verification, password reset) was refused, in a sentence for people, and
 * the status to answer with. Server faults (5xx) are rethrown for the error page.
 */
export function linkProblemOf(error: unknown): { message: string; status: number } {
  const status = httpStatusOf(error);
  if (status >= 500 || !(error instanceof TRPCError)) throw error;
  return { message: formErrorsOf(error) ? MALFORMED_LINK : error.message, status };
}
