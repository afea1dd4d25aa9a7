// The market data provider down: the breaker opens after 5 failed calls (no more calls reach the
// provider), the market page keeps showing the last prices marked "delayed", and 30 s later one
// trial call goes through; on its success the breaker closes and the page is fresh again.
// The 30 s is the product's real HALF_OPEN_AFTER_MS (no setting shortens it).
import { expect, type ScenarioFigures, seconds, sleep, waitUntil } from "./check.ts";
import { countByStatus, type Load, startLoad } from "./load.ts";
import type { Stack } from "./stack.ts";

const BREAKER_THRESHOLD = 5;
const HALF_OPEN_AFTER_MS = 30_000;
const PAGE = "/app/market/AAPL";
const STALE_LABEL = "tc-market-label--stale";

/** Scripts the stub over its control API, as an operator's test harness in another process would. */
async function scriptStub(url: string, fallback: { status: number } | null): Promise<void> {
  const response = await fetch(`${url}/__stub/script`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ fallback }),
  });
  if (!response.ok) throw new Error(`the market stub refused the script (${response.status})`);
}

async function marketPage(base: string, cookie: string): Promise<{ status: number; stale: boolean }> {
  const response = await fetch(`${base}${PAGE}`, {
    headers: { cookie, accept: "text/html" },
    signal: AbortSignal.timeout(20_000),
  });
  const html = await response.text();
  return { status: response.status, stale: html.includes(STALE_LABEL) };
}

export async function providerDown(stack: Stack, figures: ScenarioFigures): Promise<void> {
  const [a] = stack.web;
  const market = stack.markets[0]!;
  const failedCalls = () => market.requests.filter((r) => (r.status ?? 0) >= 500).length;
  let load: Load | null = null;
  try {
    const warm = await marketPage(a!.base, stack.cookie);
    expect(warm.status === 200 && !warm.stale, `the market page before the fault: ${warm.status}, stale ${warm.stale}`);
    await scriptStub(market.url, { status: 503 });
    const failedAt = Date.now();
    // Members keep opening the page (2 at a time) on the instance whose provider is down.
    load = startLoad({ targets: () => [a!.base], cookie: stack.cookie, concurrency: 2, paths: [PAGE] });
    const opened = await waitUntil(async () => a!.logged("market provider circuit opened", failedAt).length > 0, {
      timeoutMs: 30_000,
      everyMs: 100,
    });
    expect(opened !== null, "the breaker did not open within 30 s of the provider failing");
    const openedAt = Date.now();
    const callsToOpen = failedCalls();
    figures.notes.push(`breaker opened after ${callsToOpen} failed provider calls (${seconds(opened)} s)`);
    expect(
      callsToOpen >= BREAKER_THRESHOLD && callsToOpen <= BREAKER_THRESHOLD + 2,
      `the breaker opened after ${callsToOpen} failed calls (${BREAKER_THRESHOLD} expected)`,
    );
    await sleep(3_000);
    const shown = await marketPage(a!.base, stack.cookie);
    expect(
      shown.status === 200 && shown.stale,
      `with the breaker open the page answered ${shown.status}, stale ${shown.stale}`,
    );
    // While open, not one call reaches the provider; then it answers again.
    await sleep(HALF_OPEN_AFTER_MS - 6_000 - (Date.now() - openedAt));
    const callsWhileOpen = failedCalls() - callsToOpen;
    expect(callsWhileOpen === 0, `${callsWhileOpen} calls reached the provider while the breaker was open`);
    await scriptStub(market.url, null);
    const closed = await waitUntil(async () => a!.logged("market provider circuit closed", failedAt).length > 0, {
      timeoutMs: 20_000,
      everyMs: 100,
    });
    expect(closed !== null, "the breaker did not close within 20 s of the provider answering again");
    const closedAfterMs = Date.now() - openedAt;
    figures.notes.push(
      `breaker closed ${seconds(closedAfterMs)} s after opening (half-open after ${HALF_OPEN_AFTER_MS / 1000} s)`,
    );
    expect(
      closedAfterMs >= HALF_OPEN_AFTER_MS - 500,
      `the breaker closed after ${seconds(closedAfterMs)} s, before the 30 s`,
    );
    await load.stop();
    const fresh = await waitUntil(async () => !(await marketPage(a!.base, stack.cookie)).stale, {
      timeoutMs: 15_000,
      everyMs: 500,
    });
    expect(fresh !== null, "the market page still shows delayed prices 15 s after the breaker closed");
    figures.recoverySeconds = seconds(Date.now() - openedAt - HALF_OPEN_AFTER_MS);
    const notServed = load.outcomes.filter((o) => o.status !== "200");
    expect(notServed.length === 0, `market pages answered ${JSON.stringify(countByStatus(notServed))}`);
  } finally {
    await load?.stop();
    await scriptStub(market.url, null).catch(() => undefined);
    figures.requests = load?.outcomes.length ?? 0;
    figures.byStatus = countByStatus(load?.outcomes ?? []);
  }
}
