import type { Request as ExpressRequest, Response as ExpressResponse } from "express";

/** Remix's request handler, or anything shaped like it (tests use a plain function). */
export type FetchHandler = (request: Request, loadContext: LoadContext) => Promise<Response>;

/** What loaders get as `context`: the CSP nonce and the request id. */
// A type alias (not an interface) so it fits Remix's index-signature AppLoadContext.
export type LoadContext = {
  cspNonce: string;
  requestId: string;
};

/** Builds a Fetch Request from an Express request and its already-read body. */
export function toFetchRequest(req: ExpressRequest, body: Buffer | null, signal: AbortSignal): Request {
  const host = req.get("host") ?? "localhost";
  const url = new URL(req.originalUrl, `${req.protocol}://${host}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else headers.set(name, value);
  }
  return new Request(url, {
    method: req.method,
    headers,
    body: body && body.length > 0 && req.method !== "GET" && req.method !== "HEAD" ? new Uint8Array(body) : undefined,
    signal,
  });
}

/** Writes a Fetch Response to Express, streaming the body with backpressure. */
export async function sendFetchResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) {
    if (name === "set-cookie") continue;
    res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("Set-Cookie", cookies);
  res.flushHeaders?.();
  if (response.body) await writeBody(response.body, res);
  else res.end();
}

/** Chunks gathered before one write: a whole page at once on most pages. */
const WRITE_BATCH_BYTES = 64 * 1024;

/**
 * Streams the body to the client, one write (and one compression flush) for whatever the page
 * produced in the same turn of the event loop. React emits a page in many 2 KB pieces; writing
 * each on its own (as Remix's helper does, with a gzip flush after every piece) cost more CPU
 * than rendering them. Streaming stays streaming: a Suspense boundary or an SSE event that comes
 * later is written on the next turn. Waits for the socket to drain past 64 KB.
 */
async function writeBody(body: ReadableStream<Uint8Array>, res: ExpressResponse): Promise<void> {
  const reader = body.getReader();
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let scheduled: NodeJS.Immediate | null = null;
  const flush = (): boolean => {
    scheduled = null;
    if (pendingBytes === 0) return true;
    const chunk = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    const ok = res.write(chunk);
    (res as { flush?: () => void }).flush?.();
    return ok;
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) {
        await reader.cancel();
        return;
      }
      pending.push(value);
      pendingBytes += value.byteLength;
      if (pendingBytes >= WRITE_BATCH_BYTES) {
        if (scheduled) clearImmediate(scheduled);
        if (!flush()) await drained(res);
      } else {
        scheduled ??= setImmediate(flush);
      }
    }
    if (scheduled) clearImmediate(scheduled);
    flush();
    res.end();
  } catch (error) {
    if (scheduled) clearImmediate(scheduled);
    res.destroy(error as Error);
    throw error;
  }
}

/** Resolves when the response can take more, or is gone. */
function drained(res: ExpressResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
