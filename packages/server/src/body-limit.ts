import type { IncomingMessage } from "node:http";

/** The body was larger than the limit. */
export class PayloadTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body exceeds ${limit} bytes`);
    this.name = "PayloadTooLargeError";
  }
}

/** True when the declared Content-Length alone already exceeds `limit`. */
export function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const length = Number(req.headers["content-length"] ?? 0);
  return Number.isFinite(length) && length > limit;
}

/**
 * Reads the whole body, failing with PayloadTooLargeError as soon as it passes `limit` bytes
 * (chunked bodies included), so nothing past the limit is ever buffered.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume(); // drain the rest so the connection can answer 413 cleanly
      throw new PayloadTooLargeError(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}
