import { getPrisma, getRedis } from "@tradecraft/db";
import type { Router } from "express";
import express from "express";

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

type CheckResult = { status: "ok" } | { status: "fail"; error: string } | { status: "skipped" };

async function check(run: () => Promise<unknown>): Promise<CheckResult> {
  try {
    await withTimeout(run(), CHECK_TIMEOUT_MS);
    return { status: "ok" };
  } catch (error) {
    return { status: "fail", error: (error as Error).message.split("\n")[0]!.slice(0, 200) };
  }
}

/** /healthz (alive, no I/O) and /readyz (database and Redis answer within 2 s each). */
export function healthRoutes({ version, isShuttingDown }: { version: string; isShuttingDown: () => boolean }): Router {
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
    const failed = Object.entries(checks)
      .filter(([, result]) => result.status === "fail")
      .map(([name]) => name);
    if (isShuttingDown()) failed.push("shutting-down");
    res.setHeader("Cache-Control", "no-store");
    res.status(failed.length ? 503 : 200).json({ status: failed.length ? "fail" : "ok", failed, checks, ...facts() });
  });
  return router;
}
