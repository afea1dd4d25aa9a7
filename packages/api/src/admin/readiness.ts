// The dependencies the admin's system page checks from the instance answering it: each check
// has a 2 s limit and its own latency, they run in parallel, and the whole set is kept a few
// seconds so a page refreshing every 5 s (or several admins) never hammers SMTP, OpenAI or a
// market provider.
import type { PrismaClient } from "@tradecraft/db";
import type { Redis } from "ioredis";
import nodemailer, { type TransportOptions } from "nodemailer";
import type OpenAI from "openai";
import type { MarketData, MarketSymbol, ProviderName } from "../market/types.ts";

export const CHECK_TIMEOUT_MS = 2_000;
export const READINESS_CACHE_MS = 5_000;

export type CheckStatus = "ok" | "fail" | "not-configured";

/** One dependency's answer: how it went, how long it took, and why when it failed. */
export interface ReadinessCheck {
  name: string;
  status: CheckStatus;
  /** Null when nothing was called. */
  latencyMs: number | null;
  /** Why it failed, or what was seen (a breaker's state); never a secret. */
  detail: string | null;
}

export interface ReadinessDeps {
  prisma: Pick<PrismaClient, "$queryRaw">;
  redis: Pick<Redis, "ping"> | null;
  smtpUrl: string | undefined;
  openai: OpenAI | null;
  market: MarketData;
  timeoutMs?: number;
}

// One symbol each real provider answers, quoted through the service (its cache, retries and
// breaker), so the check costs at most one provider call per cache period.
const PROBES: MarketSymbol[] = ["AAPL", "BTC"];

/** `promise`, or a rejection after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** One line saying why a check failed (connection errors often carry only a code, or nested errors). */
export function describeFailure(error: unknown): string {
  const e = error as { message?: unknown; code?: unknown; errors?: unknown[]; cause?: unknown; name?: unknown };
  const line = (typeof e?.message === "string" ? e.message : "")
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  const code = typeof e?.code === "string" ? e.code : undefined;
  if (line) return (code && !line.includes(code) ? `${code}: ${line}` : line).slice(0, 200);
  if (Array.isArray(e?.errors) && e.errors.length > 0) return describeFailure(e.errors[0]);
  if (e?.cause) return describeFailure(e.cause);
  return (code ?? (typeof e?.name === "string" ? e.name : "unknown error")).slice(0, 200);
}

async function timed(name: string, run: () => Promise<string | null | void>, ms: number): Promise<ReadinessCheck> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const detail = await withTimeout(run(), ms);
    return { name, status: "ok", latencyMs: latency(), detail: detail ?? null };
  } catch (error) {
    return { name, status: "fail", latencyMs: latency(), detail: describeFailure(error) };
  }
}

const notConfigured = (name: string, detail: string): ReadinessCheck => ({
  name,
  status: "not-configured",
  latencyMs: null,
  detail,
});

/** Connects and greets (EHLO, and STARTTLS/AUTH when the URL asks) without sending anything. */
async function verifySmtp(url: string, ms: number): Promise<void> {
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: ms,
    greetingTimeout: ms,
    socketTimeout: ms,
  } as TransportOptions);
  try {
    await transport.verify();
  } finally {
    transport.close();
  }
}

async function checkProvider(
  market: MarketData,
  provider: ProviderName,
  circuit: string,
  ms: number,
): Promise<ReadinessCheck> {
  const name = `Market: ${provider}`;
  const symbol = PROBES.find((s) => market.providerFor(s).name === provider);
  if (!symbol) return { name, status: "ok", latencyMs: null, detail: `circuit ${circuit} (not probed)` };
  return timed(
    name,
    async () => {
      const result = await market.quote(symbol);
      // A stale value means the provider failed and the service served what it kept.
      if (result.stale || result.source !== provider) {
        const why = market.health().find((h) => h.provider === provider)?.lastError;
        throw new Error(`serving ${result.stale ? "stale" : result.source} data${why ? ` (${why})` : ""}`);
      }
      return `circuit ${circuit}, ${symbol} quoted`;
    },
    ms,
  );
}

/** Runs every check in parallel; each settles within `timeoutMs` (2 s). */
export async function runReadinessChecks(deps: ReadinessDeps): Promise<ReadinessCheck[]> {
  const ms = deps.timeoutMs ?? CHECK_TIMEOUT_MS;
  const { redis, smtpUrl, openai, market } = deps;
  return Promise.all([
    timed("PostgreSQL", () => deps.prisma.$queryRaw`SELECT 1`.then(() => null), ms),
    redis
      ? timed("Redis", () => redis.ping().then(() => null), ms)
      : Promise.resolve(notConfigured("Redis", "REDIS_URL is not set: rate limits and caches are per instance")),
    smtpUrl
      ? timed("SMTP", () => verifySmtp(smtpUrl, ms), ms)
      : Promise.resolve(notConfigured("SMTP", "SMTP_URL is not set: emails stay in the outbox")),
    openai
      ? timed("OpenAI", () => openai.models.list({ timeout: ms, maxRetries: 0 }).then(() => null), ms)
      : Promise.resolve(notConfigured("OpenAI", "OPENAI_API_KEY is not set: AI features degrade")),
    ...market.health().map((h) => checkProvider(market, h.provider, h.circuit, ms)),
  ]);
}

/** A readiness runner that answers from its last run for `cacheMs` (concurrent callers share one run). */
export function cachedReadiness(cacheMs = READINESS_CACHE_MS) {
  let last: { checkedAt: number; checks: Promise<ReadinessCheck[]> } | null = null;
  return async (deps: ReadinessDeps, now = Date.now()): Promise<{ checkedAt: number; checks: ReadinessCheck[] }> => {
    if (!last || now - last.checkedAt >= cacheMs) last = { checkedAt: now, checks: runReadinessChecks(deps) };
    const { checkedAt, checks } = last;
    return { checkedAt, checks: await checks };
  };
}
