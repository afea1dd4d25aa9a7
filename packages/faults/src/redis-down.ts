// Redis stopped under load: pages keep serving; sign-in limits fall back to each instance (with a
// logged warning) instead of failing; the usage allowance (kept in PostgreSQL) still answers, and
// never lets a request through unchecked; the ticker keeps delivering on each instance; /readyz stays
// 200 "degraded" (all instances share Redis: a 503 would take every one out of rotation); its
// Redis check and the shared paths come back when Redis does.
import { expect, type ScenarioFigures, seconds, sleep, waitUntil } from "./check.ts";
import { countByStatus, startLoad } from "./load.ts";
import { failedSignIn, mutate } from "./member.ts";
import type { Stack } from "./stack.ts";

const RECOVERY_WITHIN_MS = 20_000;
/** RATE_LIMITS.loginIpEmail: 5 attempts a minute per address and email. */
const LOGIN_ATTEMPTS = 5;

/**
 * Reads a live.ticker stream until a ticker message published at or after `since` arrives (one
 * replayed from before would not show that prices still flow); its id, or null after `timeoutMs`.
 */
export async function firstTickerMessage(
  base: string,
  cookie: string,
  timeoutMs: number,
  since = Date.now(),
): Promise<string | null> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(`${base}/api/trpc/live.ticker`, {
      headers: { cookie, accept: "text/event-stream" },
      signal: controller.signal,
    });
    if (response.status !== 200 || !response.body) return null;
    const decoder = new TextDecoder();
    let text = "";
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      text += decoder.decode(read.value, { stream: true });
      for (const data of text.matchAll(/^data: ?(.*ticker_update.*)$/gm)) {
        const message = /"id":"(\d+)".*"timestamp":(\d+)/.exec(data[1]!);
        if (message && Number(message[2]) >= since) return message[1]!;
      }
    }
    return null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

export async function redisDown(stack: Stack, figures: ScenarioFigures): Promise<void> {
  const bases = stack.web.map((w) => w.base);
  const [a] = stack.web;
  const load = startLoad({ targets: () => bases, cookie: stack.cookie, concurrency: 8 });
  let restarted = false;
  try {
    await sleep(2_000);
    await stack.redis.stop();
    const stoppedAt = Date.now();
    await sleep(1_000);

    // Sign-in limits: the sixth wrong password in a minute is refused on this instance alone.
    const ip = "10.77.9.9";
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_ATTEMPTS; i++) statuses.push(await failedSignIn(a!.base, stack.memberEmail, ip));
    figures.notes.push(
      `wrong-password sign-ins with Redis down: ${statuses.join(", ")} (${seconds(Date.now() - stoppedAt - 1_000)} s)`,
    );
    expect(
      statuses.slice(0, LOGIN_ATTEMPTS).every((s) => s < 500 && s !== 429) && statuses[LOGIN_ATTEMPTS] === 429,
      `sign-in limit with Redis down: ${statuses.join(", ")} (5 refusals then 429 expected)`,
    );
    const warned = a!.logged("redis", stoppedAt).filter((l) => l.level === "warn" || l.level === "error");
    expect(warned.length > 0, "no warning was logged about Redis being unreachable");

    // The coach's allowance is kept in PostgreSQL: it answers (or fails closed), never a 500.
    const quota = await mutate(a!.base, stack.cookie, "coach.create", { title: "Fault suite" });
    figures.notes.push(`coach.create (takes a conversation from the allowance) with Redis down: ${quota.status}`);
    expect(quota.status === 200 || quota.status === 503, `coach.create with Redis down answered ${quota.status}`);

    // The ticker: each instance still delivers to its own streams.
    const tickerFrom = Date.now();
    const ticks = await Promise.all(bases.map((base) => firstTickerMessage(base, stack.cookie, 12_000, tickerFrom)));
    figures.notes.push(
      `ticker with Redis down: ${ticks.map((id) => (id ? `message ${id}` : "nothing")).join(" / ")} (${seconds(Date.now() - tickerFrom)} s)`,
    );
    expect(
      ticks.every((id) => id !== null),
      "a ticker stream got no message within 12 s while Redis was down",
    );

    const outage = load.outcomes.filter((o) => o.startedAt >= stoppedAt);
    const notServed = outage.filter((o) => o.status !== "200");
    expect(notServed.length === 0, `pages with Redis down answered ${JSON.stringify(countByStatus(notServed))}`);
    // Every instance shares this Redis: readiness must keep them in rotation, saying what is degraded.
    for (const base of bases) {
      const r = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5_000) });
      const body = (await r.json()) as { status?: string; degraded?: string[] };
      expect(
        r.status === 200 && body.status === "degraded" && body.degraded?.includes("redis") === true,
        `/readyz with Redis down answered ${r.status} ${JSON.stringify(body)}`,
      );
    }

    await stack.redis.start();
    restarted = true;
    const startedAt = Date.now();
    const recovery = await waitUntil(
      async () => {
        for (const base of bases) {
          const r = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5_000) });
          const body = (await r.json()) as { checks?: { redis?: { status?: string } } };
          if (r.status !== 200 || body.checks?.redis?.status !== "ok") return false;
        }
        return true;
      },
      { timeoutMs: RECOVERY_WITHIN_MS, everyMs: 200 },
    );
    expect(
      recovery !== null,
      `/readyz did not report Redis ok within ${RECOVERY_WITHIN_MS / 1000} s of Redis's restart`,
    );
    figures.recoverySeconds = seconds(recovery);
    const tick = await firstTickerMessage(bases[1]!, stack.cookie, 12_000);
    expect(tick !== null, "no ticker message after Redis returned");
    await load.stop();
    const after = load.outcomes.filter((o) => o.startedAt >= startedAt);
    expect(
      after.every((o) => o.status === "200"),
      `after Redis returned, pages answered ${JSON.stringify(countByStatus(after))}`,
    );
  } finally {
    await load.stop();
    if (!restarted) await stack.redis.start().catch(() => undefined);
    figures.requests = load.outcomes.length;
    figures.byStatus = countByStatus(load.outcomes);
  }
}
