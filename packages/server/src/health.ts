import { getPrisma, getRedis } from "@tradecraft/db";
import type { Router } from "express";
import express from "express";
import type { LimiterStats } from "./overload.ts";

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * One line saying why a check failed. Prisma's and pg's errors often start with a blank line or
 * carry only a code (an AggregateError of refused connections has an empty message).
 */
function describeFailure(error: unknown): string {
  const e = error as { message?: unknown; code?: unknown; name?: unknown; errors?: unknown[]; cause?: unknown };
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

type CheckResult = { status: "ok" } | { status: "fail"; error: string } | { status: "skipped" };

async function check(run: () => Promise<unknown>): Promise<CheckResult> {
  try {
    await withTimeout(run(), CHECK_TIMEOUT_MS);
    return { status: "ok" };
  } catch (error) {
    return { status: "fail", error: describeFailure(error) };
  }
}

/**
 * /healthz (alive, no I/O) and /readyz (database and Redis asked, 2 s each): 503 when the database
 * fails or the server is stopping; 200 "degraded" when only Redis fails.
 */
export function healthRoutes({
  version,
  isShuttingDown,
  limiter,
}: {
  version: string;
  isShuttingDown: () => boolean;
  /** The request limiter, whose load /readyz reports (it stays ready under load: 503s are per request). */
  limiter?: { stats(): LimiterStats; capacity: number } | null;
}): Router {
  const router = express.Router();
  const facts = () => ({ version, uptimeSeconds: Math.floor(process.uptime()) });

  router.get("/healthz", (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json({ status: "ok", ...facts() });
  });

  router.get("/readyz", async (_req, res) => {
    const redis = getRedis();
    const [database, redisCheck] = await Promise.all([
      check(() => getPrisma().$queryRaw`SELECT 1`),
      redis ? check(() => redis.ping()) : Promise.resolve<CheckResult>({ status: "skipped" }),
    ]);
    const checks = { database, redis: redisCheck };
    // Without PostgreSQL nothing can be served: not ready. Without Redis every instance still
    // serves (rate limits per process, the ticker broadcast locally), and as all instances share
    // one Redis, a 503 here would take every one of them out of rotation: ready, but degraded.
    const failed = database.status === "fail" ? ["database"] : [];
    const degraded = redisCheck.status === "fail" ? ["redis"] : [];
    if (isShuttingDown()) failed.push("shutting-down");
    res.setHeader("Cache-Control", "no-store");
    const load = limiter ? { ...limiter.stats(), capacity: limiter.capacity } : undefined;
    if (failed.length) res.setHeader("Retry-After", "5");
    const status = failed.length ? "fail" : degraded.length ? "degraded" : "ok";
    res.status(failed.length ? 503 : 200).json({ status, failed, degraded, checks, load, ...facts() });
  });
  return router;
}
