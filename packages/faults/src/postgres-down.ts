// PostgreSQL stopped under load: /readyz says 503 naming the database within 2 s, member pages
// answer 503 with the request id (no stack, nothing hangs past the pool's wait), every write that
// was acknowledged before the stop is there after the restart, and the apps recover by themselves.
import { expect, type ScenarioFigures, seconds, sleep, waitUntil } from "./check.ts";
import { countByStatus, type Outcome, startLoad } from "./load.ts";
import { query } from "./services.ts";
import type { Stack } from "./stack.ts";

const READY_WITHIN_MS = 2_000;
/** DATABASE_POOL_TIMEOUT_MS (5 s) is the longest a query waits; a margin for a busy 2-core machine. */
const LONGEST_ANSWER_MS = 5_000 + 2_500;
const OUTAGE_MS = 5_000;
const RECOVERY_WITHIN_MS = 20_000;

async function readiness(base: string): Promise<{ status: number; failed: string[] }> {
  const response = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5_000) });
  const body = (await response.json()) as { failed?: string[] };
  return { status: response.status, failed: body.failed ?? [] };
}

/** A stack trace, SQL or a driver's error text in a page a member sees. */
const LEAK = /\n\s+at [\w.<>]+ \(|PrismaClient|ECONNREFUSED|SELECT |INSERT INTO|prisma:/;

function checkOutagePages(pages: Outcome[]): void {
  const failures = pages.filter((o) => o.status !== "503" && o.status !== "200");
  expect(
    failures.length === 0,
    `during the outage, pages answered ${JSON.stringify(countByStatus(failures))} (only 503, or a cached 200, expected)`,
  );
  const unavailable = pages.filter((o) => o.status === "503");
  expect(unavailable.length > 0, "no member page answered 503 while PostgreSQL was down");
  for (const o of unavailable) {
    expect(o.requestId, `a 503 for ${o.path} carried no X-Request-Id`);
    expect(o.body?.includes(o.requestId), `the 503 page for ${o.path} does not show its request id ${o.requestId}`);
    expect(!LEAK.test(o.body ?? ""), `the 503 page for ${o.path} leaks internals: ${o.body?.slice(0, 300)}`);
  }
  const slowest = Math.max(...pages.map((o) => o.ms));
  expect(slowest <= LONGEST_ANSWER_MS, `a page took ${Math.round(slowest)} ms to answer during the outage`);
}

export async function postgresDown(stack: Stack, figures: ScenarioFigures): Promise<void> {
  const bases = stack.web.map((w) => w.base);
  const load = startLoad({
    targets: () => bases,
    cookie: stack.cookie,
    concurrency: 8,
    writers: 3,
    accountId: stack.accountId,
  });
  let restarted = false;
  try {
    await sleep(5_000);
    const ackedBeforeStop = load.acknowledged.length;
    expect(ackedBeforeStop > 0, "no write was acknowledged in the 5 s before the stop");
    await stack.pg.stop();
    const stoppedAt = Date.now();
    const notReady = await Promise.all(
      bases.map((base) =>
        waitUntil(
          async () => {
            const r = await readiness(base);
            return r.status === 503 && r.failed.includes("database");
          },
          { timeoutMs: 10_000, everyMs: 50 },
        ),
      ),
    );
    figures.notes.push(
      `/readyz 503 naming the database after ${notReady.map((ms) => (ms === null ? "never" : `${ms} ms`)).join(" / ")}`,
    );
    for (const ms of notReady)
      expect(
        ms !== null && ms <= READY_WITHIN_MS,
        `/readyz did not say 503 "database" within ${READY_WITHIN_MS} ms (${ms} ms)`,
      );
    await sleep(OUTAGE_MS - (Date.now() - stoppedAt));
    await stack.pg.start();
    restarted = true;
    const startedAt = Date.now();
    // Recovered: both instances ready, and a member page and a write answered normally on each.
    const recovery = await waitUntil(
      async () => {
        for (const base of bases) {
          if ((await readiness(base)).status !== 200) return false;
          const page = await fetch(`${base}/app/journal`, { headers: { cookie: stack.cookie, accept: "text/html" } });
          await page.arrayBuffer();
          if (page.status !== 200) return false;
        }
        return true;
      },
      { timeoutMs: RECOVERY_WITHIN_MS, everyMs: 200 },
    );
    expect(recovery !== null, `the apps did not recover within ${RECOVERY_WITHIN_MS / 1000} s of PostgreSQL's restart`);
    figures.recoverySeconds = seconds(recovery);
    expect(
      stack.web.every((w) => w.child.exitCode === null && w.child.signalCode === null),
      "an instance exited during the outage (recovery must not need a restart)",
    );
    await sleep(1_000);
    await load.stop();
    // Every write answered with success (before the stop, or one that waited out the outage for
    // a connection) is in the database.
    const rows = await query<{ id: string }>(stack.pg.url, `SELECT "id" FROM "Trade" WHERE "id" = ANY($1)`, [
      load.acknowledged,
    ]);
    const found = new Set(rows.map((r) => r.id));
    const lost = load.acknowledged.filter((id) => !found.has(id));
    figures.writesChecked = load.acknowledged.length;
    figures.notes.push(
      `${load.acknowledged.length} acknowledged writes (${ackedBeforeStop} before the stop), ${lost.length} missing after the restart`,
    );
    expect(
      lost.length === 0,
      `${lost.length} acknowledged writes are missing after the restart: ${lost.slice(0, 5).join(", ")}`,
    );
    const outage = load.outcomes.filter((o) => o.startedAt >= stoppedAt + 500 && o.startedAt < startedAt);
    checkOutagePages(outage.filter((o) => o.kind === "page"));
    const writesInOutage = outage.filter((o) => o.kind === "write");
    figures.notes.push(`writes sent during the outage: ${JSON.stringify(countByStatus(writesInOutage))}`);
    expect(
      writesInOutage.every((o) => o.status === "503" || o.status === "200"),
      `writes during the outage answered ${JSON.stringify(countByStatus(writesInOutage))} (503, or 200 once it came back)`,
    );
    const after = load.outcomes.filter((o) => o.startedAt >= startedAt + (recovery ?? 0));
    expect(
      after.every((o) => o.status === "200"),
      `after recovery, requests answered ${JSON.stringify(countByStatus(after))}`,
    );
  } finally {
    await load.stop();
    if (!restarted) await stack.pg.start().catch(() => undefined);
    figures.requests = load.outcomes.length;
    figures.byStatus = countByStatus(load.outcomes);
  }
}
