import { writeReadableStreamToWritable } from "@remix-run/node";
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
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
