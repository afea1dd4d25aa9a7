import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiFor, httpStatusOf } from "@tradecraft/api";

// One screenshot's image, for its owner only: anyone else (signed out included) gets the same
// 404 as for an id that does not exist. The type is the one sniffed from the bytes at upload.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const api = await apiFor(request);
  let image: Awaited<ReturnType<typeof api.screenshots.read>>;
  try {
    image = await api.screenshots.read({ screenshotId: params.screenshotId ?? "", tradeId: params.tradeId ?? "" });
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 401 || status === 404 || status === 400)
      return new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
    throw error;
  }
  return new Response(new Uint8Array(image.bytes), {
    headers: {
      "Content-Type": image.contentType,
      "Content-Length": String(image.bytes.byteLength),
      "X-Content-Type-Options": "nosniff",
      // The member's own image: their browser may keep it, shared caches may not.
      "Cache-Control": "private, max-age=3600",
      "Content-Disposition": "inline",
      // Opened on its own, the image gets no scripts, no plugins, no frames and an opaque origin.
      "Content-Security-Policy":
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'",
      "Cross-Origin-Resource-Policy": "same-origin",
    },
  });
}
