import type { AppName } from "@tradecraft/config";
import { TRPCError } from "@trpc/server";
import { apiFor } from "../caller.ts";
import { formErrorsOf, httpStatusOf } from "../http.ts";
import { LOGIN_FAILED } from "./login.handler.ts";
import { safeRedirect } from "./safe-redirect.ts";

/**
 * The sign-in form's action for either app: signs in and redirects to the same-site
 * `redirectTo` (else `fallback`), or answers with the form's errors and the right status.
 */
export async function signInAction(
  request: Request,
  { app, fallback }: { app: AppName; fallback: string },
): Promise<Response> {
  const form = await request.formData();
  // Not cut: an address too long is refused with a message (the body limit bounds the echo).
  const email = String(form.get("email") ?? "");
  // Decided before signing in: nothing after the session starts may fail and lose its cookie.
  const target = safeRedirect(form.get("redirectTo"), fallback);
  const api = await apiFor(request, { app });
  try {
    await api.auth.login({ email, password: String(form.get("password") ?? "") });
  } catch (error) {
    const inputErrors = formErrorsOf(error);
    const status = inputErrors ? 400 : httpStatusOf(error);
    const formError = inputErrors
      ? null
      : status === 401
        ? LOGIN_FAILED
        : (status === 403 || status === 429) && error instanceof TRPCError
          ? error.message
          : "We couldn't sign you in. Please try again.";
    return Response.json({ fieldErrors: inputErrors?.fieldErrors ?? {}, formError, email }, { status });
  }
  return new Response(null, { status: 302, headers: { Location: target } });
}
