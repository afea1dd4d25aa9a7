import { type Logger, notePageCacheLookup } from "@tradecraft/config";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";

export interface PageCacheOptions {
  /** The GET paths whose documents may be kept (pages that depend only on the viewer's data and the URL). */
  cacheable: (path: string) => boolean;
  /**
   * The viewer's identity and data version (`member:version`), or null to render as usual.
   * Two requests with the same identity and URL must get the same page.
   */
  identify: (req: ExpressRequest) => Promise<string | null>;
  /** Memory for kept pages, in bytes; the least recently used go first. */
  maxBytes: number;
  /** How long a kept page may be served (a bound, not what keeps it right: the version does). */
  maxAgeMs?: number;
  logger?: Logger;
}

interface Entry {
  /** The page split around its per-request values (the CSP nonce, the request id). */
  parts: string[];
  slots: ("nonce" | "requestId")[];
  headers: [string, string | string[] | number][];
  bytes: number;
  storedAt: number;
}

/** Headers that belong to one response, never replayed from a kept page. */
const PER_RESPONSE = new Set([
  "content-security-policy",
  "x-request-id",
  "set-cookie",
  "content-length",
  // Set by compression for the response at hand; the kept page is stored uncompressed.
  "content-encoding",
  "date",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "etag",
  "x-page-cache",
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Pages larger than this are not kept. */
const MAX_PAGE_BYTES = 2 * 1024 * 1024;

/**
 * Keeps rendered documents of cacheable pages per viewer, data version and URL, and serves them
 * again (with this response's nonce and request id) until the viewer's data changes. Anything
 * uncertain renders as usual: another method, a data request, no identity, a failed lookup, a
 * response that is not a 200 HTML page or that sets a cookie. Answers carry `X-Page-Cache:
 * hit|miss`.
 */
export function pageCache(options: PageCacheOptions): RequestHandler & { stats(): { pages: number; bytes: number } } {
  const { maxBytes, maxAgeMs = 10 * 60_000 } = options;
  const entries = new Map<string, Entry>();
  let bytes = 0;

  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  };
  const keep = (key: string, entry: Entry) => {
    if (entry.bytes > Math.min(MAX_PAGE_BYTES, maxBytes)) return;
    drop(key);
    entries.set(key, entry);
    bytes += entry.bytes;
    // Maps iterate in insertion order, and a hit re-inserts: the first key is the least recently used.
    for (const oldest of entries.keys()) {
      if (bytes <= maxBytes) break;
      drop(oldest);
    }
  };

  const handler: RequestHandler = async (req, res, next) => {
    if (maxBytes <= 0 || req.method !== "GET" || !options.cacheable(req.path) || req.query._data !== undefined)
      return next();
    let identity: string | null;
    try {
      identity = await options.identify(req);
    } catch (error) {
      // The page itself will report what is wrong with the database; the cache just stands aside.
      ((res.locals.logger as Logger | undefined) ?? options.logger)?.warn(
        { err: error },
        "page cache lookup failed; rendering",
      );
      return next();
    }
    if (!identity) return next();
    const key = `${identity}\n${req.originalUrl}`;
    const values = { nonce: String(res.locals.cspNonce ?? ""), requestId: String(res.locals.requestId ?? "") };

    const entry = entries.get(key);
    if (entry && Date.now() - entry.storedAt <= maxAgeMs) {
      entries.delete(key);
      entries.set(key, entry);
      for (const [name, value] of entry.headers) res.setHeader(name, value);
      res.setHeader("X-Page-Cache", "hit");
      notePageCacheLookup(true);
      // A kept page is one member's: never stored by a browser or a proxy.
      res.setHeader("Cache-Control", "private, no-store");
      res.status(200).send(fill(entry, values));
      return;
    }
    if (entry) drop(key);
    res.setHeader("X-Page-Cache", "miss");
    notePageCacheLookup(false);
    // Only a response of our own making can be split around its nonce and request id.
    if (values.nonce.length >= 16 && UUID.test(values.requestId)) {
      captureBody(res, (body) => {
        if (res.statusCode !== 200 || res.getHeader("set-cookie") !== undefined) return;
        if (!String(res.getHeader("content-type") ?? "").startsWith("text/html")) return;
        const headers = Object.entries(res.getHeaders())
          .filter(([name, value]) => value !== undefined && !PER_RESPONSE.has(name))
          .map(([name, value]) => [name, value] as [string, string | string[] | number]);
        keep(key, { ...split(body, values), headers, bytes: Buffer.byteLength(body) * 2, storedAt: Date.now() });
      });
    }
    next();
  };
  return Object.assign(handler, {
    stats() {
      return { pages: entries.size, bytes };
    },
  });
}

function split(html: string, values: Record<"nonce" | "requestId", string>): Pick<Entry, "parts" | "slots"> {
  const parts: string[] = [];
  const slots: Entry["slots"] = [];
  let at = 0;
  for (;;) {
    const nonceAt = html.indexOf(values.nonce, at);
    const idAt = html.indexOf(values.requestId, at);
    const next = [nonceAt, idAt].filter((i) => i !== -1);
    if (next.length === 0) break;
    const index = Math.min(...next);
    const slot = index === nonceAt ? "nonce" : "requestId";
    parts.push(html.slice(at, index));
    slots.push(slot);
    at = index + values[slot].length;
  }
  parts.push(html.slice(at));
  return { parts, slots };
}

function fill(entry: Entry, values: Record<"nonce" | "requestId", string>): string {
  let html = entry.parts[0]!;
  for (let i = 0; i < entry.slots.length; i++) html += values[entry.slots[i]!] + entry.parts[i + 1]!;
  return html;
}

/** Collects what the rest of the chain writes to `res` (up to the largest page kept) and hands it over when it ends. */
function captureBody(res: ExpressResponse, done: (body: string) => void) {
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  const collect = (chunk: unknown, encoding: unknown) => {
    if (overflow || chunk === undefined || chunk === null || typeof chunk === "function") return;
    const buffer =
      typeof chunk === "string"
        ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
        : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > MAX_PAGE_BYTES) overflow = true;
    else chunks.push(buffer);
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ExpressResponse;
  res.write = ((...args: unknown[]) => {
    collect(args[0], args[1]);
    return write(...args);
  }) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    collect(args[0], args[1]);
    if (!overflow && res.writableEnded === false && !res.destroyed) done(Buffer.concat(chunks).toString("utf8"));
    return end(...args);
  }) as typeof res.end;
}
