import { redirect } from "@remix-run/node";
import { type Api, apiFor, formErrorsOf, httpStatusOf, refusalMessageOf, TRPCError } from "@tradecraft/api";

/** Where to send someone who must sign in first, keeping where they were going. */
export function loginRedirect(request: Request) {
  const url = new URL(request.url);
  const redirectTo = `${url.pathname}${url.search}`;
  return redirect(redirectTo === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(redirectTo)}`);
}

/**
 * Runs an admin-only call for a loader: signed-out visitors are redirected to /login,
 * signed-in non-admins get 403, other refusals keep their HTTP status and message.
 */
export async function requireAdmin<T>(request: Request, run: (api: Api) => Promise<T>): Promise<T> {
  const api = await apiFor(request, { app: "admin" });
  try {
    return await run(api);
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 401) throw loginRedirect(request);
    if (status === 403) throw new Response("This needs an administrator account.", { status: 403 });
    // Other refusals (no such user, a bad filter) keep their status and message; 5xx stay errors.
    if (status < 500 && error instanceof TRPCError)
      throw Response.json({ message: refusalMessageOf(error) }, { status });
    throw error;
  }
}

/** What a form action tells its page when a procedure refused: a message, and per-field messages when the input was bad. */
export type Refusal = { ok: false; status: number; message: string; fieldErrors: Record<string, string[] | undefined> };

/**
 * Runs an admin-only call for an action. Signed-out visitors are redirected to /login and
 * non-admins get 403, as in loaders; any other 4xx or 503 comes back as a Refusal for the form to
 * show (with the status to answer with); anything else is an error.
 */
export async function adminAction<T>(
  request: Request,
  run: (api: Api) => Promise<T>,
): Promise<{ ok: true; value: T } | Refusal> {
  const api = await apiFor(request, { app: "admin" });
  try {
    return { ok: true, value: await run(api) };
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 401) throw loginRedirect(request);
    if (status === 403) throw new Response("This needs an administrator account.", { status: 403 });
    if (error instanceof TRPCError && (status < 500 || status === 503)) {
      const inputErrors = formErrorsOf(error);
      return {
        ok: false,
        status,
        message: inputErrors ? "Please correct the fields marked below." : refusalMessageOf(error),
        fieldErrors: inputErrors?.fieldErrors ?? {},
      };
    }
    throw error;
  }
}
