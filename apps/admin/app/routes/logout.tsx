import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { apiFor } from "@tradecraft/api";

// Signing out changes state, so it is a POST (a link or an image tag cannot sign anyone out).
export async function action({ request }: ActionFunctionArgs) {
  const api = await apiFor(request, { app: "admin" });
  await api.auth.logout();
  return redirect("/login");
}

export function loader() {
  return new Response("Sign out with a POST from the sign-out button.", { status: 405, headers: { Allow: "POST" } });
}
