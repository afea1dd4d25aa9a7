// Prometheus metrics of this process: one registry, every metric defined here, and the small
// functions the code paths call. Each process (web, admin, each instance) has its own registry and
// is scraped on its own; nothing here is shared across instances. Every label takes values from a
// fixed set (route patterns, provider and queue names, model names up to a cap), never from a URL
// or a member's input, so a stranger cannot grow the number of series.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** The process's one metrics registry (what /metrics serves). */
export const metricsRegistry = new Registry();
const registers = [metricsRegistry];
const PREFIX = "tradecraft_";

let processMetricsOn = false;

/** Turns on Node's process metrics (CPU, memory, event loop, GC) and labels every series with the app; once. */
export function collectProcessMetrics(app: string): void {
  if (processMetricsOn) return;
  processMetricsOn = true;
  metricsRegistry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: metricsRegistry });
}

/** The text a Prometheus scrape gets, and its content type. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}

/**
 * A label value from an open-ended source (a model name from the environment or the database),
 * kept to the first `max` distinct values; later ones become "other".
 */
function capped(max: number): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (seen.size >= max) return "other";
    seen.add(value);
    return value;
  };
}

// HTTP ------------------------------------------------------------------------------------------

/** Request durations by method, route pattern and status (see packages/server/src/metrics.ts). */
export const httpRequestDuration = new Histogram({
  name: `${PREFIX}http_request_duration_seconds`,
  help: "HTTP request duration, by method, route pattern and status",
  labelNames: ["method", "route", "status"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers,
});

let trpcProcedures: ReadonlySet<string> = new Set();

/** Records the router's procedure paths: only these may appear in a /api/trpc route label. */
export function registerTrpcProcedures(paths: Iterable<string>): void {
  trpcProcedures = new Set(paths);
}

/** The procedure paths registered by the API package (empty in a process that has none). */
export function knownTrpcProcedures(): ReadonlySet<string> {
  return trpcProcedures;
}

// Live streams and the ticker -------------------------------------------------------------------

let liveConnections: () => Record<string, number> = () => ({});

new Gauge({
  name: `${PREFIX}live_connections`,
  help: "Live subscription connections this instance holds open, by transport (sse, ws)",
  labelNames: ["transport"] as const,
  registers,
  collect() {
    for (const [transport, count] of Object.entries(liveConnections())) this.set({ transport }, count);
  },
});

/** Tells the live-connections gauge where to read this instance's open connections by transport. */
export function watchLiveConnections(read: () => Record<string, number>): void {
  liveConnections = read;
}

const tickerBroadcasts = new Counter({
  name: `${PREFIX}ticker_broadcasts_total`,
  help: "Ticker messages this instance forwarded to its live streams",
  registers,
});
const tickerLag = new Histogram({
  name: `${PREFIX}ticker_broadcast_lag_seconds`,
  help: "Time from a ticker message's timestamp to this instance forwarding it",
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers,
});

/** Counts one ticker message forwarded now, stamped `timestampMs` by its producer. */
export function noteTickerBroadcast(timestampMs: number): void {
  tickerBroadcasts.inc();
  tickerLag.observe(Math.max(0, Date.now() - timestampMs) / 1000);
}

// Market providers and caches -------------------------------------------------------------------

const providerCalls = new Counter({
  name: `${PREFIX}provider_calls_total`,
  help: "Requests made to a market data provider (each attempt of a retried call counts)",
  labelNames: ["provider"] as const,
  registers,
});
const providerErrors = new Counter({
  name: `${PREFIX}provider_errors_total`,
  help: "Provider requests that failed (network, timeout, HTTP error, malformed answer)",
  labelNames: ["provider"] as const,
  registers,
});
const providerLatency = new Histogram({
  name: `${PREFIX}provider_call_duration_seconds`,
  help: "Duration of one provider request",
  labelNames: ["provider"] as const,
  buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers,
});

/** Times one provider request: its count, its latency and, if it rejects, an error. Returns `call`. */
export async function observeProviderCall<T>(provider: string, call: Promise<T>): Promise<T> {
  const end = providerLatency.startTimer({ provider });
  providerCalls.inc({ provider });
  try {
    return await call;
  } catch (error) {
    providerErrors.inc({ provider });
    throw error;
  } finally {
    end();
  }
}

export type CircuitName = "closed" | "half-open" | "open";
const CIRCUIT_VALUE: Record<CircuitName, number> = { closed: 0, "half-open": 1, open: 2 };
const circuits = new Map<string, () => CircuitName>();

new Gauge({
  name: `${PREFIX}provider_circuit_state`,
  help: "Circuit breaker of a market provider: 0 closed, 1 half-open, 2 open",
  labelNames: ["provider"] as const,
  registers,
  collect() {
    for (const [provider, read] of circuits) this.set({ provider }, CIRCUIT_VALUE[read()]);
  },
});

/** Reports `provider`'s breaker state from `read` at each scrape (the latest breaker of a provider wins). */
export function watchCircuit(provider: string, read: () => CircuitName): void {
  circuits.set(provider, read);
}

const cacheHits = new Counter({
  name: `${PREFIX}cache_hits_total`,
  help: "Cache lookups answered from the cache, by cache",
  labelNames: ["cache"] as const,
  registers,
});
const cacheMisses = new Counter({
  name: `${PREFIX}cache_misses_total`,
  help: "Cache lookups that had to load, by cache",
  labelNames: ["cache"] as const,
  registers,
});

/** Counts one lookup of `cache` (a fixed name such as "market") as a hit or a miss. */
export function noteCacheLookup(cache: string, isHit: boolean): void {
  (isHit ? cacheHits : cacheMisses).inc({ cache });
}

const pageCacheHits = new Counter({
  name: `${PREFIX}page_cache_hits_total`,
  help: "Member pages served from the page cache",
  registers,
});
const pageCacheMisses = new Counter({
  name: `${PREFIX}page_cache_misses_total`,
  help: "Cacheable member pages that had to be rendered",
  registers,
});

/** Counts one page-cache lookup as a hit or a miss. */
export function notePageCacheLookup(isHit: boolean): void {
  (isHit ? pageCacheHits : pageCacheMisses).inc();
}

// Database pool ---------------------------------------------------------------------------------

/** What the gauges read of a pg Pool. */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  ending?: boolean;
  ended?: boolean;
}
const pools = new Set<PoolCounts>();

function poolSum(read: (pool: PoolCounts) => number): number {
  let sum = 0;
  for (const pool of pools) {
    if (pool.ending || pool.ended) pools.delete(pool);
    else sum += read(pool);
  }
  return sum;
}

new Gauge({
  name: `${PREFIX}db_pool_connections_in_use`,
  help: "Database connections running a query or a transaction",
  registers,
  collect() {
    this.set(poolSum((p) => p.totalCount - p.idleCount));
  },
});
new Gauge({
  name: `${PREFIX}db_pool_connections_idle`,
  help: "Open database connections waiting for work",
  registers,
  collect() {
    this.set(poolSum((p) => p.idleCount));
  },
});
new Gauge({
  name: `${PREFIX}db_pool_waiting_requests`,
  help: "Queries waiting for a free database connection",
  registers,
  collect() {
    this.set(poolSum((p) => p.waitingCount));
  },
});

/** Adds a pg Pool to the pool gauges (read at each scrape; dropped once it has ended). */
export function watchDatabasePool(pool: PoolCounts): void {
  pools.add(pool);
}

/** Wraps a Prisma driver-adapter factory (PrismaPg) so that every pool it opens joins the pool gauges. */
export function watchPoolsOf<F extends { connect(): Promise<{ underlyingDriver(): unknown }> }>(factory: F): F {
  const connect = factory.connect.bind(factory);
  factory.connect = (async () => {
    const adapter = await connect();
    watchDatabasePool(adapter.underlyingDriver() as PoolCounts);
    return adapter;
  }) as F["connect"];
  return factory;
}

// Limits ----------------------------------------------------------------------------------------

const rateLimitRefusals = new Counter({
  name: `${PREFIX}rate_limit_refusals_total`,
  help: "Requests refused by an abuse limit, by limiter",
  labelNames: ["limiter"] as const,
  registers,
});

/** Counts one refusal by the named rate limiter. */
export function noteRateLimitRefusal(limiter: string): void {
  rateLimitRefusals.inc({ limiter });
}

const quotaRefusals = new Counter({
  name: `${PREFIX}quota_refusals_total`,
  help: "Requests refused because a member's tier allowance was used up, by kind",
  labelNames: ["kind"] as const,
  registers,
});

/** Counts one quota refusal of `kind` (a fixed usage kind). */
export function noteQuotaRefusal(kind: string): void {
  quotaRefusals.inc({ kind });
}

// Background jobs -------------------------------------------------------------------------------

const jobsCompleted = new Counter({
  name: `${PREFIX}jobs_completed_total`,
  help: "Background jobs this process completed, by queue",
  labelNames: ["queue"] as const,
  registers,
});
const jobsFailed = new Counter({
  name: `${PREFIX}jobs_failed_total`,
  help: "Background job attempts that failed, by queue (pg-boss retries them until their limit)",
  labelNames: ["queue"] as const,
  registers,
});
const jobsRetried = new Counter({
  name: `${PREFIX}jobs_retried_total`,
  help: "Background job attempts that were retries of a failed attempt, by queue",
  labelNames: ["queue"] as const,
  registers,
});

/** The part of a pg-boss instance the job counters wrap. */
export interface CountableBoss {
  work(name: string, ...rest: never[]): Promise<string>;
  fail(name: string, id: string | string[], data?: object): Promise<unknown>;
  getQueueSize(name: string): Promise<number>;
}
type Job = { retryCount?: number };
type Handler = (jobs: Job[]) => Promise<unknown>;

/**
 * Counts the outcome of every job `boss` works from here on: a handler that returns completes its
 * batch, a thrown one fails it, a job the handler fails itself (boss.fail) counts as failed alone.
 * Job metadata is always requested so that retries can be told apart.
 */
export function countJobOutcomes(boss: CountableBoss): void {
  const failedByHandler = new Map<string, number>();
  const fail = boss.fail.bind(boss);
  boss.fail = (name, id, data) => {
    failedByHandler.set(name, (failedByHandler.get(name) ?? 0) + (Array.isArray(id) ? id.length : 1));
    return fail(name, id, data);
  };
  const work = boss.work.bind(boss) as (name: string, ...rest: unknown[]) => Promise<string>;
  boss.work = ((name: string, ...rest: unknown[]) => {
    const handler = rest.pop() as Handler;
    const options = { ...(rest[0] as object | undefined), includeMetadata: true };
    const counted: Handler = async (jobs) => {
      const queue = { queue: name };
      const retries = jobs.filter((job) => (job.retryCount ?? 0) > 0).length;
      if (retries > 0) jobsRetried.inc(queue, retries);
      const before = failedByHandler.get(name) ?? 0;
      const failedHere = () => (failedByHandler.get(name) ?? 0) - before;
      try {
        const result = await handler(jobs);
        jobsFailed.inc(queue, failedHere());
        jobsCompleted.inc(queue, jobs.length - failedHere());
        return result;
      } catch (error) {
        jobsFailed.inc(queue, jobs.length);
        throw error;
      }
    };
    return work(name, options, counted);
  }) as CountableBoss["work"];
}

const QUEUE_DEPTH_TTL_MS = 5_000;
let queueDepths: { boss: CountableBoss; queues: readonly string[] } | null = null;
let depthCache: { at: number; depths: Promise<Record<string, number>> } | null = null;

new Gauge({
  name: `${PREFIX}job_queue_depth`,
  help: "Jobs waiting in a queue (created or due for retry), read from pg-boss at most every 5 s",
  labelNames: ["queue"] as const,
  registers,
  async collect() {
    if (!queueDepths) return;
    const { boss, queues } = queueDepths;
    if (!depthCache || Date.now() - depthCache.at > QUEUE_DEPTH_TTL_MS) {
      const depths = Promise.all(queues.map(async (queue) => [queue, await boss.getQueueSize(queue)] as const)).then(
        (pairs) => Object.fromEntries(pairs),
      );
      depthCache = { at: Date.now(), depths };
    }
    // A database that does not answer leaves the gauge at its last values; the scrape still succeeds.
    const depths = await depthCache.depths.catch(() => ({}) as Record<string, number>);
    for (const [queue, depth] of Object.entries(depths)) this.set({ queue }, depth);
  },
});

/** Reads the depth of `queues` from `boss` at scrape time; the returned function stops it. */
export function watchJobQueues(boss: CountableBoss, queues: readonly string[]): () => void {
  queueDepths = { boss, queues };
  depthCache = null;
  return () => {
    if (queueDepths?.boss === boss) queueDepths = null;
  };
}

const emailsSent = new Counter({ name: `${PREFIX}emails_sent_total`, help: "Emails handed to SMTP", registers });
const emailsFailed = new Counter({
  name: `${PREFIX}emails_failed_total`,
  help: "Email delivery attempts that failed (retried until the job's limit)",
  registers,
});

/** Counts one email delivery attempt. */
export function noteEmailDelivery(isSent: boolean): void {
  (isSent ? emailsSent : emailsFailed).inc();
}

// AI --------------------------------------------------------------------------------------------

const aiModel = capped(20);
const aiCalls = new Counter({
  name: `${PREFIX}ai_calls_total`,
  help: "Model calls, by model, feature and outcome",
  labelNames: ["model", "feature", "outcome"] as const,
  registers,
});
const aiTokens = new Counter({
  name: `${PREFIX}ai_tokens_total`,
  help: "Tokens used, by model and kind (prompt, completion)",
  labelNames: ["model", "kind"] as const,
  registers,
});
const aiCost = new Counter({
  name: `${PREFIX}ai_cost_usd_total`,
  help: "Estimated cost of model calls in US dollars, by model (models without a known price add nothing)",
  labelNames: ["model"] as const,
  registers,
});

/** Counts one model call with its tokens and estimated cost (null when the model's price is unknown). */
export function noteAiCall(call: {
  model: string;
  feature: string;
  outcome: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number | null;
}): void {
  const model = aiModel(call.model);
  aiCalls.inc({ model, feature: call.feature, outcome: call.outcome });
  if (call.promptTokens > 0) aiTokens.inc({ model, kind: "prompt" }, call.promptTokens);
  if (call.completionTokens > 0) aiTokens.inc({ model, kind: "completion" }, call.completionTokens);
  if (call.costUsd) aiCost.inc({ model }, call.costUsd);
}
