// Issue 11's figures: a burst of page requests against one production process (what is served,
// what is refused, how long the served ones took against the unloaded page), and the memory of
// the web process while strangers send large bodies to an upload route.
import fs from "node:fs";
import http from "node:http";

type Outcome = { status: number; ms: number } | { error: string; ms: number };

function get(url: string, headers: Record<string, string>): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on("error", (e: NodeJS.ErrnoException) =>
      resolve({ error: e.code ?? e.message, ms: performance.now() - started }),
    );
  });
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10;
};

export interface BurstFigures {
  scenario: string;
  statuses: string;
  "unloaded p95 ms": number;
  "served p50 ms": number;
  "served p95 ms": number;
  "target p95 ms": number;
  ok: boolean;
}

/**
 * `concurrency` GETs at once, after 30 one at a time for the unloaded p95. Passes when nothing but
 * 200 and 503 comes back and the served p95 is within 2 × unloaded p95 × (concurrency / capacity).
 */
export async function burstFigures(
  base: string,
  path: string,
  cookie: string,
  concurrency = 200,
): Promise<BurstFigures> {
  const headers = { cookie, accept: "text/html" };
  const alone: number[] = [];
  for (let i = 0; i < 30; i++) {
    const o = await get(`${base}${path}`, headers);
    if ("status" in o && o.status === 200) alone.push(o.ms);
  }
  const capacity =
    ((await (await fetch(`${base}/readyz`)).json()) as { load?: { capacity: number } }).load?.capacity ?? 1;
  const outcomes = await Promise.all(Array.from({ length: concurrency }, () => get(`${base}${path}`, headers)));
  const counts: Record<string, number> = {};
  for (const o of outcomes)
    counts["status" in o ? o.status : o.error] = (counts["status" in o ? o.status : o.error] ?? 0) + 1;
  const served = outcomes.flatMap((o) => ("status" in o && o.status === 200 ? [o.ms] : []));
  const unloaded = percentile(alone, 95);
  const target = Math.round(2 * unloaded * (concurrency / capacity));
  const onlyExpected = Object.keys(counts).every((k) => k === "200" || k === "503");
  return {
    scenario: `${concurrency} concurrent GET ${path} (capacity ${capacity})`,
    statuses: JSON.stringify(counts),
    "unloaded p95 ms": unloaded,
    "served p50 ms": percentile(served, 50),
    "served p95 ms": percentile(served, 95),
    "target p95 ms": target,
    ok: onlyExpected && served.length > 0 && percentile(served, 95) <= target,
  };
}

export interface UploadMemoryFigures {
  scenario: string;
  statuses: string;
  "RSS before MB": number;
  "RSS peak MB": number;
  "RSS growth MB": number;
  "all answered in ms": number;
}

const rssMb = (pid: number) => {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
};

/** `count` strangers each POST `bytes` to an upload route at once; the web process's RSS is sampled throughout. */
export async function uploadMemoryFigures(
  base: string,
  path: string,
  pid: number,
  { count = 24, bytes = 23 * 1024 * 1024 } = {},
): Promise<UploadMemoryFigures> {
  const before = rssMb(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 25);
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  const started = performance.now();
  const send = () =>
    new Promise<string>((resolve) => {
      const req = http.request(
        `${base}${path}`,
        {
          method: "POST",
          agent: false,
          headers: { "content-type": "application/json", "content-length": bytes, origin: base },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(String(res.statusCode)));
        },
      );
      req.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      let sent = 0;
      const pump = () => {
        while (sent < bytes) {
          const size = Math.min(chunk.length, bytes - sent);
          sent += size;
          if (!req.write(size === chunk.length ? chunk : chunk.subarray(0, size))) return void req.once("drain", pump);
        }
        req.end();
      };
      pump();
    });
  const statuses = await Promise.all(Array.from({ length: count }, send));
  const elapsed = Math.round(performance.now() - started);
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(pid));
  const counts: Record<string, number> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return {
    scenario: `${count} strangers POST ${Math.round(bytes / 1024 / 1024)} MB to ${path}`,
    statuses: JSON.stringify(counts),
    "RSS before MB": before,
    "RSS peak MB": peak,
    "RSS growth MB": peak - before,
    "all answered in ms": elapsed,
  };
}
