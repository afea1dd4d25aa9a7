// A bounded load: `concurrency` loops, each sending one request at a time to the targets in turn,
// recording every outcome with its start time, so a scenario can ask what happened in a window.
import { FORWARDED_FOR, createdId, mutate, tradeInput } from "./member.ts";

export interface Outcome {
  kind: "page" | "write";
  base: string;
  path: string;
  startedAt: number;
  ms: number;
  /** The HTTP status, or "error:<code>" when no response came (refused, reset, timed out). */
  status: string;
  requestId: string | null;
  /** For a 5xx page: its body (to check for the request id and the absence of a stack). */
  body?: string;
}

export interface Load {
  outcomes: Outcome[];
  /** Ids of trades whose create was answered with success. */
  acknowledged: string[];
  stop(): Promise<void>;
}

export interface LoadOptions {
  /** Which instances to send to (read on every request, so a scenario can take one out). */
  targets: () => string[];
  cookie: string;
  concurrency?: number;
  /** Page paths requested in turn. */
  paths?: string[];
  /** Trade creations in flight at once (0: none); their ids are kept when acknowledged. */
  writers?: number;
  accountId?: string;
  timeoutMs?: number;
}

let writeSeq = 0;

function errorCode(error: unknown): string {
  const e = error as { name?: string; cause?: { code?: string; name?: string } };
  if (e?.name === "TimeoutError") return "error:timeout";
  return `error:${e?.cause?.code ?? e?.cause?.name ?? e?.name ?? "unknown"}`;
}

async function page(base: string, path: string, cookie: string, timeoutMs: number): Promise<Outcome> {
  const startedAt = Date.now();
  const started = performance.now();
  try {
    const response = await fetch(`${base}${path}`, {
      headers: { cookie, accept: "text/html", "x-forwarded-for": FORWARDED_FOR },
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return {
      kind: "page",
      base,
      path,
      startedAt,
      ms: performance.now() - started,
      status: String(response.status),
      requestId: response.headers.get("x-request-id"),
      ...(response.status >= 500 ? { body: text.slice(0, 4_000) } : {}),
    };
  } catch (error) {
    return {
      kind: "page",
      base,
      path,
      startedAt,
      ms: performance.now() - started,
      status: errorCode(error),
      requestId: null,
    };
  }
}

/** Starts the load; stop() waits for the requests in flight. */
export function startLoad(options: LoadOptions): Load {
  const { concurrency = 8, paths = ["/app", "/app/journal"], writers = 0, timeoutMs = 15_000 } = options;
  const load: Load = { outcomes: [], acknowledged: [], stop: async () => {} };
  let running = true;
  let turn = 0;
  const next = () => {
    const targets = options.targets();
    turn += 1;
    return targets[turn % targets.length]!;
  };
  const pageLoop = async (worker: number) => {
    for (let i = worker; running; i++) {
      const base = next();
      load.outcomes.push(await page(base, paths[i % paths.length]!, options.cookie, timeoutMs));
    }
  };
  const writeLoop = async () => {
    while (running) {
      const base = next();
      const n = (writeSeq += 1);
      const startedAt = Date.now();
      const started = performance.now();
      let status: string;
      try {
        const { status: code, body } = await mutate(
          base,
          options.cookie,
          "journal.create",
          tradeInput(options.accountId!, n),
          timeoutMs,
        );
        status = String(code);
        const id = code === 200 ? createdId(body) : null;
        if (id) load.acknowledged.push(id);
      } catch (error) {
        status = errorCode(error);
      }
      load.outcomes.push({
        kind: "write",
        base,
        path: "journal.create",
        startedAt,
        ms: performance.now() - started,
        status,
        requestId: null,
      });
    }
  };
  const loops = [
    ...Array.from({ length: concurrency }, (_, w) => pageLoop(w)),
    ...Array.from({ length: writers }, () => writeLoop()),
  ];
  load.stop = async () => {
    running = false;
    await Promise.all(loops);
  };
  return load;
}

/** Outcomes counted by status. */
export function countByStatus(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o.status] = (counts[o.status] ?? 0) + 1;
  return counts;
}
