import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { filtersFromUrl, orRefusal } from "~/lib/journal.server";

// The journal's filtered trades as our generic CSV (it imports back unchanged).
export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const { fileName, content } = await orRefusal(api.journal.export(filtersFromUrl(new URL(request.url)) as never));
  return new Response(content, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
