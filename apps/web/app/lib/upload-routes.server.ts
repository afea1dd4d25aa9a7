// The members' app's upload routes: the only paths that take bodies over BODY_LIMIT_BYTES, and
// only from signed-in members (packages/server decides both before reading a byte).

/** A path that takes a larger body, and how large. */
export interface UploadRoute {
  prefix: string | RegExp;
  bytes: number;
}

const MB = 1024 * 1024;

export const UPLOAD_ROUTES: UploadRoute[] = [
  // Broker files of up to 10 MB, with room for the form's encoding.
  { prefix: /^\/app\/journal\/import$/, bytes: 12 * MB },
  { prefix: "/api/trpc/imports.", bytes: 24 * MB },
  // Chart screenshots of up to 10 MB for the coach (multipart here, base64 through tRPC).
  { prefix: /^\/app\/coach\/[^/]+$/, bytes: 12 * MB },
  { prefix: "/api/trpc/coach.", bytes: 16 * MB },
  // A trade page takes screenshot uploads (images of up to 10 MB); the journal's other pages do not.
  { prefix: /^\/app\/journal\/(?!(?:new|setups|accounts|import|imports|export\.csv)$)[^/]+$/, bytes: 12 * MB },
];

/** The body limit of an upload route `path` falls under, or null for every other path. */
export function uploadLimitOf(path: string): number | null {
  const route = UPLOAD_ROUTES.find((r) =>
    typeof r.prefix === "string" ? path.startsWith(r.prefix) : r.prefix.test(path),
  );
  return route?.bytes ?? null;
}
