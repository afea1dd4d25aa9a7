import type { ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";

// "Download my data": a resource route, so its answer reaches the browser as a file, not as page data.
export async function action({ request }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const data = await api.account.exportData();
  const day = data.exportedAt.toISOString().slice(0, 10);
  return new Response(`${JSON.stringify(data, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="tradecraft-data-${day}.json"`,
      "Cache-Control": "no-store",
    },
  });
}

export function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
