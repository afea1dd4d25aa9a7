import { apiFor, httpStatusOf } from "@tradecraft/api";

/**
 * A Studio image or thumbnail for its owner only: anyone else, signed out included, gets the same
 * 404 as for an id that does not exist. `?download=1` makes the browser save it.
 */
export async function studioImageResponse(request: Request, id: string, variant: "full" | "thumbnail") {
  const api = await apiFor(request, { app: "admin" });
  let image: Awaited<ReturnType<typeof api.studio.image>>;
  try {
    image = await api.studio.image({ id, variant });
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 400 || status === 401 || status === 403 || status === 404)
      return new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
    throw error;
  }
  const download = new URL(request.url).searchParams.get("download") === "1";
  return new Response(new Uint8Array(image.bytes), {
    headers: {
      "Content-Type": image.contentType,
      "Content-Length": String(image.bytes.byteLength),
      "Content-Disposition": `${download ? "attachment" : "inline"}; filename="${image.fileName}"`,
      "X-Content-Type-Options": "nosniff",
      // The admin's own image, never changed in place (an edit is a new id): their browser may keep it.
      "Cache-Control": "private, max-age=86400, immutable",
      "Content-Security-Policy":
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'",
      "Cross-Origin-Resource-Policy": "same-origin",
    },
  });
}
