// Issue 16's figures: how long a Prometheus scrape of /metrics takes with 10,000 series in the
// registry, and what the request-metrics middleware costs the landing page: the built web app runs
// twice on one database, metrics off and on (METRICS_PORT), both driven at the same time in each
// round so that whatever else loads the machine weighs on both alike (each round's pair is
// compared, the median ratio kept).
// Target: throughput with metrics on within 5 % of off. Beside it, the middleware's own work per
// request (one histogram observation) timed in process: the figure a noisy machine cannot blur.
// Runs alone after `pnpm build`:
//   pnpm --filter @tradecraft/bench exec tsx src/metrics.ts
// Knobs: BENCH_METRICS_SECONDS (per round, 4), BENCH_METRICS_ROUNDS (6), BENCH_CONNECTIONS (16).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { httpRequestDuration, renderMetrics } from "@tradecraft/config";
import { createTestDatabase } from "@tradecraft/db/testing";
import { measure, quantile, waitFor } from "./measure.ts";

export const SCRAPE_SERIES = 10_000;
export const OVERHEAD_TARGET_PERCENT = 5;
const SCRAPES = 30;
const ROUNDS = Number(process.env.BENCH_METRICS_ROUNDS ?? 6);
const SECONDS = Number(process.env.BENCH_METRICS_SECONDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const [OFF_PORT, ON_PORT, METRICS_PORT] = [3270, 3271, 3272];
const root = path.resolve(import.meta.dirname, "../../..");

const seriesIn = (text: string) => text.split("\n").filter((line) => line !== "" && !line.startsWith("#")).length;

/** Nanoseconds of one request's observation (the middleware's per-request work), median of 5 runs. */
export function observeNanoseconds(observations = 200_000): number {
  const routes = ["/", "/app/journal/:tradeId", "/api/trpc/journal.list", "/assets/*"];
  const runs: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < observations; i++) {
      const begin = process.hrtime.bigint();
      const route = routes[i % routes.length]!;
      httpRequestDuration.observe({ method: "GET", route, status: 200 }, Number(process.hrtime.bigint() - begin) / 1e9);
    }
    runs.push(Number(process.hrtime.bigint() - started) / observations);
  }
  return Math.round(
    quantile(
      runs.sort((a, b) => a - b),
      0.5,
    ),
  );
}

/** Fills this process's registry to SCRAPE_SERIES series and times SCRAPES scrapes of it over HTTP. */
export async function scrapeFigures() {
  const baseline = seriesIn((await renderMetrics()).body);
  // One label set of the request histogram is 14 series: 12 buckets (with +Inf), the sum and the count.
  const labelSets = Math.ceil((SCRAPE_SERIES - baseline) / 14);
  for (let i = 0; i < labelSets; i++) {
    httpRequestDuration.observe({ method: i % 2 ? "POST" : "GET", route: `/bench/${i}`, status: "200" }, 0.02);
  }
  const server = http.createServer((_req, res) => {
    void renderMetrics().then(({ contentType, body }) => res.writeHead(200, { "Content-Type": contentType }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  try {
    let series = 0;
    let bytes = 0;
    const samples: number[] = [];
    for (let i = 0; i < SCRAPES + 3; i++) {
      const started = performance.now();
      const text = await (await fetch(url)).text();
      if (i >= 3) samples.push(performance.now() - started); // the first few warm the JIT
      series = seriesIn(text);
      bytes = text.length;
    }
    samples.sort((a, b) => a - b);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return {
      scenario: "GET /metrics",
      series,
      "body KB": Math.round(bytes / 1024),
      scrapes: SCRAPES,
      "p50 ms": round(quantile(samples, 0.5)),
      "p95 ms": round(quantile(samples, 0.95)),
      "max ms": round(samples.at(-1)!),
    };
  } finally {
    server.close();
  }
}

/** Landing-page throughput with the metrics middleware off and on, in alternating rounds (medians). */
export async function overheadFigures() {
  const db = await createTestDatabase({ prefix: "tc_bench_metrics" });
  const children: ChildProcess[] = [];
  const sessionSecret = randomBytes(32).toString("hex");
  const start = (port: number, extra: Record<string, string> = {}) => {
    const env = {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: db.url,
      SESSION_SECRET: sessionSecret,
      APP_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: "warn",
      // Nothing in the background of either server: the ticker and the job workers stay off.
      TICKER_INTERVAL_MS: "0",
      JOBS: "off",
      METRICS_PORT: "",
      METRICS_TOKEN: "",
      ...extra,
    };
    const child = spawn(process.execPath, ["dist/server.js"], {
      cwd: path.join(root, "apps", "web"),
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push(child);
  };
  try {
    start(OFF_PORT);
    start(ON_PORT, { METRICS_PORT: String(METRICS_PORT) });
    await Promise.all([
      waitFor(`http://127.0.0.1:${OFF_PORT}/readyz`),
      waitFor(`http://127.0.0.1:${ON_PORT}/readyz`),
      waitFor(`http://127.0.0.1:${METRICS_PORT}/metrics`),
    ]);
    const landing = (port: number) => `http://127.0.0.1:${port}/`;
    for (const port of [OFF_PORT, ON_PORT]) await measure("warm-up", landing(port), { seconds: 2, connections: 4 });
    const rates: Record<"off" | "on", number[]> = { off: [], on: [] };
    const ratios: number[] = [];
    let failed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const [off, on] = await Promise.all(
        (["off", "on"] as const).map((mode) =>
          measure(`landing, metrics ${mode}`, landing(mode === "on" ? ON_PORT : OFF_PORT), {
            seconds: SECONDS,
            connections: CONNECTIONS,
          }),
        ),
      );
      for (const figures of [off!, on!]) failed += figures.non2xx + figures.errors;
      rates.off.push(off!.requestsPerSecond);
      rates.on.push(on!.requestsPerSecond);
      ratios.push(on!.requestsPerSecond / off!.requestsPerSecond);
    }
    const scraped = await (await fetch(`http://127.0.0.1:${METRICS_PORT}/metrics`)).text();
    if (!/tradecraft_http_request_duration_seconds_count\{[^}]*route="\/"/.test(scraped))
      throw new Error("the metrics-on server did not label the landing page's requests");
    const median = (values: number[]) =>
      quantile(
        [...values].sort((a, b) => a - b),
        0.5,
      );
    const [off, on] = [median(rates.off), median(rates.on)];
    const overhead = Math.round((1 - median(ratios)) * 1000) / 10;
    const perRequestNs = observeNanoseconds();
    return {
      scenario: `GET / (landing), both at once, ${ROUNDS} rounds of ${SECONDS}s, ${CONNECTIONS} connections each`,
      "metrics off req/s": Math.round(off),
      "metrics on req/s": Math.round(on),
      "off rounds": rates.off.map(Math.round).join(" "),
      "on rounds": rates.on.map(Math.round).join(" "),
      "overhead % (median of rounds)": overhead,
      "observe ns/request": perRequestNs,
      // The middleware's own work against one landing request's time on the server's one thread.
      "observe % of a request": Math.round((perRequestNs / 1e9) * off * 100 * 1000) / 1000,
      target: `< ${OVERHEAD_TARGET_PERCENT} %`,
      ok: overhead < OVERHEAD_TARGET_PERCENT && failed === 0,
    };
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1_000));
    await db.drop();
  }
}

const scrape = await scrapeFigures();
const overhead = await overheadFigures();
console.warn(`\nTradecraft metrics bench · node ${process.version}\n`);
// eslint-disable-next-line no-console -- the table is the output
console.table([scrape]);
// eslint-disable-next-line no-console -- the table is the output
console.table([overhead]);
if (!overhead.ok) {
  console.error(
    `metrics overhead on the landing page missed its target (${overhead["overhead % (median of rounds)"]} %)`,
  );
  process.exitCode = 1;
}
