// SIGTERM under load, as a rolling deploy does it: a load balancer sends to instance B until its
// /readyz says 503, then to A. Not one request fails; B's open live streams end cleanly (the
// clients reconnect elsewhere); the emails queued just before the signal are all delivered, by B
// before it exits or by A; B exits 0.
import { expect, type ScenarioFigures, seconds, sleep, waitUntil } from "./check.ts";
import { countByStatus, startLoad } from "./load.ts";
import type { Stack } from "./stack.ts";

const STREAMS = 3;
const SIGN_UPS = 5;
const EMAIL_DELAY_MS = 3_000;
const STRONG_PASSWORD = "Fault-suite-correct-horse-42";

/** Opens a live.ticker stream and reads it to its end: "ended" when the server closed it cleanly. */
function openStream(base: string, cookie: string): { opened: Promise<void>; ended: Promise<string> } {
  let markOpened!: () => void;
  const opened = new Promise<void>((resolve) => (markOpened = resolve));
  const ended = (async () => {
    try {
      const response = await fetch(`${base}/api/trpc/live.ticker`, {
        headers: { cookie, accept: "text/event-stream" },
        signal: AbortSignal.timeout(60_000),
      });
      if (response.status !== 200 || !response.body) return `status ${response.status}`;
      markOpened();
      const reader = response.body.getReader();
      while (!(await reader.read()).done);
      return "ended";
    } catch (error) {
      const e = error as { name?: string; cause?: { code?: string } };
      return `error ${e.cause?.code ?? e.name}`;
    } finally {
      markOpened();
    }
  })();
  return { opened, ended };
}

/** Signs up a new member: the app queues a verification email (a pg-boss job) in the same transaction. */
async function signUp(base: string, email: string, n: number): Promise<number> {
  const response = await fetch(`${base}/signup`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: base,
      "x-forwarded-for": `10.78.0.${n}`,
    },
    body: new URLSearchParams({
      email,
      displayName: `Fault ${n}`,
      password: STRONG_PASSWORD,
      timeZone: "UTC",
    }).toString(),
  });
  await response.arrayBuffer();
  return response.status;
}

export async function sigterm(stack: Stack, figures: ScenarioFigures): Promise<void> {
  const [a, b] = stack.web;
  let targets = [b!.base];
  // 6 page loops, a writer and one sign-up at a time: within the instance's 8 request slots, so
  // any 503 here is the shutdown's doing, not load shedding.
  const load = startLoad({
    targets: () => targets,
    cookie: stack.cookie,
    concurrency: 6,
    writers: 1,
    accountId: stack.accountId,
  });
  try {
    const streams = Array.from({ length: STREAMS }, () => openStream(b!.base, stack.cookie));
    await Promise.all(streams.map((s) => s.opened));
    // Each email now takes EMAIL_DELAY_MS to reach the mail server: the ones just queued are
    // still being sent (by B or A) when B gets the signal.
    stack.mailProxy.delayMs = EMAIL_DELAY_MS;
    const tag = Date.now().toString(36);
    const emails = Array.from({ length: SIGN_UPS }, (_, i) => `fault-${tag}-${i}@example.com`);
    const signUps: number[] = [];
    for (const [i, email] of emails.entries()) signUps.push(await signUp(b!.base, email, i + 1));
    expect(
      signUps.every((s) => s === 200),
      `sign-ups before the signal answered ${signUps.join(", ")}`,
    );
    const isSent = (to: string) => stack.mail.messages().some((m) => m.to.includes(to));
    const sentBefore = emails.filter(isSent).length;

    const signalledAt = Date.now();
    const exited = b!.stop();
    // The load balancer's health check: B out of rotation once /readyz says 503 (or it is gone).
    const outOfRotation = await waitUntil(
      async () => {
        const r = await fetch(`${b!.base}/readyz`, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
        return r === null || r.status === 503;
      },
      { timeoutMs: 5_000, everyMs: 100 },
    );
    targets = [a!.base];
    figures.notes.push(`B out of rotation ${outOfRotation ?? "never"} ms after SIGTERM`);
    const code = await exited;
    const exitedAfterMs = Date.now() - signalledAt;
    figures.recoverySeconds = seconds(exitedAfterMs);
    figures.notes.push(`B exited with code ${code} ${seconds(exitedAfterMs)} s after SIGTERM`);
    expect(code === 0, `B exited with code ${code} after SIGTERM`);

    const ends = await Promise.all(streams.map((s) => s.ended));
    figures.notes.push(`open streams at SIGTERM: ${ends.join(", ")}`);
    expect(
      ends.every((e) => e === "ended"),
      `open streams at SIGTERM ended: ${ends.join(", ")}`,
    );

    const delivered = await waitUntil(async () => emails.every(isSent), { timeoutMs: 30_000, everyMs: 250 });
    const got = emails.filter(isSent).length;
    figures.notes.push(
      `sign-up emails queued just before SIGTERM: ${got}/${SIGN_UPS} delivered (${sentBefore} before the signal)`,
    );
    expect(
      delivered !== null,
      `only ${got} of the ${SIGN_UPS} emails queued before SIGTERM were delivered within 30 s`,
    );

    await sleep(1_000);
    await load.stop();
    const failed = load.outcomes.filter((o) => o.status !== "200");
    const inFlight = load.outcomes.filter((o) => o.startedAt <= signalledAt && o.startedAt + o.ms >= signalledAt);
    figures.notes.push(`${inFlight.length} requests in flight at SIGTERM, ${failed.length} requests failed in all`);
    expect(failed.length === 0, `requests around SIGTERM failed: ${JSON.stringify(countByStatus(failed))}`);
  } finally {
    stack.mailProxy.delayMs = 0;
    await load.stop();
    figures.requests = load.outcomes.length;
    figures.byStatus = countByStatus(load.outcomes);
  }
}
