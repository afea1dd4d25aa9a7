import { expect, test } from "../../fixtures/test.ts";
import { collectConsoleErrors } from "../../fixtures/axe.ts";
import { signUp, uniqueEmail } from "../../fixtures/members.ts";

declare global {
  interface Window {
    liveUpdates?: number[];
  }
}

test("the live stream stays up over a minute, and resumes after the server ends it without a gap in prices", async ({
  page,
}) => {
  test.setTimeout(180_000); // a minute and more of the live ticker, by design
  const errors = collectConsoleErrors(page);
  // Each request of the tab's stream, with the last message id it resumes after: the browser's
  // EventSource sends it as Last-Event-ID when it reconnects.
  const streams: Promise<string | null>[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/api/trpc/live.ticker"))
      streams.push(request.allHeaders().then((headers) => headers["last-event-id"] ?? null));
  });
  await signUp(page, uniqueEmail("live"), "Lena Live");
  streams.length = 0; // from here on, one tab: its first stream starts afresh, every later one resumes
  await page.goto("/app/watchlists");
  await page.getByLabel("List name").fill("Live");
  await page.getByRole("button", { name: "Create list" }).click();
  await page.getByLabel("Add a symbol to Live").fill("BTC");
  await page.getByRole("button", { name: "Add symbol" }).click();
  await expect(page.getByText("The symbol was added.")).toBeVisible();

  const status = page.getByRole("status").filter({ hasText: /^Live · \d\d:\d\d:\d\d$/ });
  await expect(status).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-live-symbol="BTC"]')).toHaveAttribute("data-live", "yes");
  // When each ticker message reached the page (the status line changes with every one).
  await page.evaluate(() => {
    window.liveUpdates = [Date.now()];
    const target = document.querySelector("[data-live-status]")!;
    new MutationObserver(() => window.liveUpdates!.push(Date.now())).observe(target, {
      characterData: true,
      childList: true,
      subtree: true,
    });
  });

  // The stack ends each stream after 20 s: over a minute the browser reconnects at least twice,
  // each time saying the last message it saw, and prices keep arriving.
  await expect
    .poll(() => page.evaluate(() => window.liveUpdates!.at(-1)! - window.liveUpdates![0]!), { timeout: 120_000 })
    .toBeGreaterThanOrEqual(65_000);
  expect(streams.length).toBeGreaterThanOrEqual(3);
  const resumedAfter = await Promise.all(streams);
  expect(
    resumedAfter.slice(1).every((id) => id !== null && /^\d+$/.test(id)),
    JSON.stringify(resumedAfter),
  ).toBe(true);
  const updates = await page.evaluate(() => window.liveUpdates!);
  const gaps = updates.slice(1).map((at, i) => at - updates[i]!);
  // A message every 5 s; a reconnect may add one poll's worth, never a missing stretch.
  expect(Math.max(...gaps)).toBeLessThan(15_000);
  await expect(status).toBeVisible();
  await expect(page.locator('[data-live-symbol="BTC"]')).toHaveAttribute("data-live", "yes");
  expect(errors).toEqual([]);
});
