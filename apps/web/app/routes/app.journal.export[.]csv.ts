import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { filtersFromUrl, orRefusal } from "~/lib/journal.server";

// The journal's filtered trades as our generic CSV (it imports back unchanged).
export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const url = new URL(request.url);
  const exported = await orRefusal(api.journal.export(filtersFromUrl(url) as never)).catch((refusal: unknown) => {
    // A filter the journal refuses (a hand-edited link): the journal itself, with the same
    // filters, says which field is wrong beside it, instead of a bare 400.
    if (refusal instanceof Response && refusal.status === 400) throw redirect(`/app/journal${url.search}`);
    throw refusal;
  });
  return new Response(exported.content, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exported.fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
