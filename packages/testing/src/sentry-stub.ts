// A local Sentry-compatible ingest for tests and e2e: the real Sentry SDKs (server and browser)
// send their envelopes here over HTTP, and tests read what arrived. Dependency-free (node:http).
//
//   const sentry = await startSentryStub();           // random port on 127.0.0.1
//   SENTRY_DSN = sentry.dsn                           // http://<key>@127.0.0.1:<port>/<project>
//   ... then: await sentry.waitForEvents((e) => ...), sentry.events, sentry.items, reset(), close()
//
// POST /api/<project>/envelope/ takes an envelope: newline-separated JSON, a header line then
// (item header, payload) pairs, a payload of `length` bytes when its header says so. The body may
// be gzip- or deflate-encoded (Content-Encoding). POST /api/<project>/store/ takes one event as
// JSON (older SDKs). Both answer 200 {id} with CORS headers, as sentry.io does for browsers.
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import zlib from "node:zlib";

/** An item of a received envelope: its type (event, transaction, session…) and parsed payload. */
export interface SentryStubItem {
  type: string;
  project: string;
  header: Record<string, unknown>;
  payload: unknown;
}

/** The parts of an error event tests look at; everything else the SDK sent is kept as is. */
export interface SentryStubEvent extends Record<string, unknown> {
  event_id?: string;
  platform?: string;
  environment?: string;
  release?: string;
  tags?: Record<string, string>;
  user?: Record<string, unknown>;
  request?: { url?: string; headers?: Record<string, string>; cookies?: unknown; data?: unknown };
  exception?: { values?: { type?: string; value?: string }[] };
  breadcrumbs?: { category?: string; message?: string; data?: Record<string, unknown> }[] | { values?: unknown[] };
}

export interface SentryStub {
  url: string;
  /** A DSN that points the SDKs here (project 1 by default). */
  dsn: string;
  /** Every item received, oldest first. */
  readonly items: SentryStubItem[];
  /** The error events received (items of type "event"), oldest first. */
  readonly events: SentryStubEvent[];
  /** Resolves with the error events matching `predicate` once there is at least one (rejects after `timeoutMs`). */
  waitForEvents(predicate?: (event: SentryStubEvent) => boolean, timeoutMs?: number): Promise<SentryStubEvent[]>;
  /** Requests that could not be parsed, with the reason (a test can assert there were none). */
  readonly rejected: string[];
  reset(): void;
  close(): Promise<void>;
}

const PATH = /^\/api\/([^/]+)\/(envelope|store)\/?$/;
const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);

/** Splits an envelope into its items; throws on a malformed one. */
export function parseEnvelope(body: Buffer, project: string): SentryStubItem[] {
  const items: SentryStubItem[] = [];
  let at = body.indexOf(0x0a);
  if (at < 0) at = body.length;
  JSON.parse(body.subarray(0, at).toString("utf8")); // the envelope header: must be JSON
  at += 1;
  while (at < body.length) {
    let end = body.indexOf(0x0a, at);
    if (end < 0) end = body.length;
    const headerText = body.subarray(at, end).toString("utf8").trim();
    at = end + 1;
    if (!headerText) continue;
    const header = JSON.parse(headerText) as Record<string, unknown>;
    let payloadEnd: number;
    if (typeof header.length === "number") payloadEnd = at + header.length;
    else {
      payloadEnd = body.indexOf(0x0a, at);
      if (payloadEnd < 0) payloadEnd = body.length;
    }
    const raw = body.subarray(at, payloadEnd);
    at = payloadEnd + 1;
    const text = raw.toString("utf8");
    let payload: unknown = text;
    try {
      payload = JSON.parse(text);
    } catch {
      // attachments and other binary items stay as text
    }
    items.push({ type: String(header.type ?? "unknown"), project, header, payload });
  }
  return items;
}

async function decode(body: Buffer, encoding: string | undefined): Promise<Buffer> {
  if (encoding === "gzip") return gunzip(body);
  if (encoding === "deflate") return inflate(body);
  return body;
}

/** Starts the ingest stub on a random loopback port. */
export async function startSentryStub({ project = "1" }: { project?: string } = {}): Promise<SentryStub> {
  const items: SentryStubItem[] = [];
  const rejected: string[] = [];
  const waiters = new Set<() => void>();
  const key = randomBytes(16).toString("hex");

  const server = http.createServer((req, res) => {
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Access-Control-Allow-Headers", "*");
    res.setHeader("Access-Control-Expose-Headers", "x-sentry-rate-limits, retry-after");
    if (req.method === "OPTIONS") return void res.writeHead(204).end();
    const match = PATH.exec(new URL(req.url ?? "/", "http://stub").pathname);
    if (req.method !== "POST" || !match) return void res.writeHead(404).end();
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        try {
          const body = await decode(Buffer.concat(chunks), req.headers["content-encoding"]?.toLowerCase());
          const [, projectId, kind] = match as unknown as [string, string, string];
          const received =
            kind === "store"
              ? [{ type: "event", project: projectId, header: {}, payload: JSON.parse(body.toString("utf8")) }]
              : parseEnvelope(body, projectId);
          items.push(...received);
          for (const wake of waiters) wake();
          const id = (received[0]?.payload as { event_id?: string } | undefined)?.event_id ?? "";
          res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ id }));
        } catch (error) {
          rejected.push((error as Error).message);
          res.writeHead(400, { "Content-Type": "application/json" }).end(JSON.stringify({ detail: "bad envelope" }));
        }
      })();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const events = () => items.filter((i) => i.type === "event").map((i) => i.payload as SentryStubEvent);

  return {
    url,
    dsn: `http://${key}@127.0.0.1:${port}/${project}`,
    items,
    get events() {
      return events();
    },
    rejected,
    waitForEvents(predicate = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events().filter(predicate);
          if (found.length === 0) return false;
          cleanup();
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching Sentry event within ${timeoutMs} ms (${events().length} received)`));
        }, timeoutMs);
        const wake = () => void check();
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        waiters.add(wake);
        check();
      });
    },
    reset() {
      items.length = 0;
      rejected.length = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
