import { redirect } from "@remix-run/node";
import { type Api, apiFor, httpStatusOf, type SessionUser } from "@tradecraft/api";

/** The signed-in member and an API bound to them, or a redirect to /login that comes back here. */
export async function requireUser(request: Request): Promise<{ user: SessionUser; api: Api }> {
  const api = await apiFor(request);
  try {
    return { user: await api.system.whoami(), api };
  } catch (error) {
    if (httpStatusOf(error) !== 401) throw error;
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(`${url.pathname}${url.search}`)}`);
  }
}

/** Sends signed-in visitors away from pages meant for signed-out ones (login, sign-up). */
export async function requireAnonymous(request: Request): Promise<void> {
  const api = await apiFor(request);
  const signedIn = await api.system.whoami().then(
    () => true,
    () => false,
  );
  if (signedIn) throw redirect("/app");
}
