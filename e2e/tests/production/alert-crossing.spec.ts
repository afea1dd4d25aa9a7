// A price alert fires because the price MOVES across its level (issue 15): the shared e2e stack
// runs the simulated provider, whose prices no test can move, so this spec starts a production
// stack of its own (its own database, no Redis: the ticker's producer and fan-out run in process)
// on the Massive provider pointed at the market stub, whose AAPL price the test sets, and a mail
// server of its own. A "crossing up" alert needs the sample before the move, so the test first
// waits until the member's page shows the price below the level, then moves it above.
import { createTestDatabase, type TestDatabase, testServerUrl } from "@tradecraft/db/testing";
import {
  type MarketStub,
  type MarketStubRequest,
  startMarketStub,
  startTestMailServer,
  type TestMailServer,
} from "@tradecraft/testing";
import { collectConsoleErrors } from "../../fixtures/axe.ts";
import { type OwnStack, startOwnStack, stopOwnStack } from "../../fixtures/launcher.ts";
import { signUp, uniqueEmail } from "../../fixtures/members.ts";
import { expect, type Page, test } from "../../fixtures/test.ts";

/** Ports of this worker's stack (a pair per parallel worker: `--repeat-each` runs copies side by side). */
const portsOf = (parallelIndex: number) => ({ web: 3160 + 2 * parallelIndex, admin: 3161 + 2 * parallelIndex });
let WEB = "";
const SNAPSHOT_PATH = "/v2/snapshot/locale/us/markets/stocks/tickers";
/** Every other stock the producer asks for stays here; only AAPL moves. */
const OTHER_PRICE = 50;

test.describe.configure({ mode: "serial" });
test.skip(!testServerUrl(), "the production suite needs PostgreSQL: set DATABASE_URL or TEST_DATABASE_URL");

let db: TestDatabase;
let market: MarketStub;
let mail: TestMailServer;
let stack: OwnStack | undefined;
/** What the stub's snapshot answers for AAPL, as of now. */
let aaplPrice = 100;

/** Massive's snapshot of each requested ticker at its scripted price (the fields massive.ts reads). */
function snapshotAnswer(request: MarketStubRequest) {
  const now = Date.now();
  const ns = now * 1_000_000;
  const tickers = (request.query.tickers ?? "")
    .split(",")
    .filter(Boolean)
    .map((ticker) => {
      const price = ticker === "AAPL" ? aaplPrice : OTHER_PRICE;
      const bar = { o: price, h: price, l: price, c: price, v: 1_000 };
      return {
        ticker,
        updated: ns,
        day: bar,
        prevDay: { ...bar, o: 100, h: 100, l: 100, c: 100 },
        min: { ...bar, t: now },
        lastTrade: { p: price, s: 100, t: ns },
      };
    });
  return { status: "OK", request_id: "alert-crossing", count: tickers.length, tickers };
}

test.beforeAll(async () => {
  test.setTimeout(150_000);
  const ports = portsOf(test.info().parallelIndex);
  WEB = `http://127.0.0.1:${ports.web}`;
  db = await createTestDatabase({ prefix: "tc_crossing" });
  market = await startMarketStub();
  market.respondWith((request) =>
    request.path === SNAPSHOT_PATH ? { path: SNAPSHOT_PATH, body: snapshotAnswer(request) } : undefined,
  );
  mail = await startTestMailServer();
  stack = await startOwnStack(ports, {
    DATABASE_URL: db.url,
    // Without Redis the members' app is one process that polls, checks alerts and streams to the
    // browser itself: the whole path from the provider to the bell runs here.
    REDIS_URL: undefined,
    // A poll a second (5 s by default): each move reaches the page within the quote cache's 5 s.
    TICKER_INTERVAL_MS: "1000",
    MASSIVE_API_KEY: "stub-key",
    MASSIVE_BASE_URL: market.massiveUrl,
    SMTP_URL: mail.url,
    // Nothing from the caller's environment may pick other providers or report errors elsewhere.
    COINGECKO_API_KEY: undefined,
    COINGECKO_BASE_URL: undefined,
    SENTRY_DSN: undefined,
    TRUST_PROXY: undefined,
  });
});

test.afterAll(async () => {
  stopOwnStack(stack);
  await market?.close();
  await mail?.stop();
  await db?.drop();
});

const bell = (page: Page) => page.getByRole("link", { name: /^Notifications, / });
/** AAPL's price on the watchlist once the live ticker (not the server-rendered page) has said it. */
const liveAapl = (page: Page) => page.locator('[data-live-symbol="AAPL"][data-live="yes"]');

test("an alert fires when the price crosses its level: the bell counts it without a reload, the email arrives, and it fires only once", async ({
  page,
}) => {
  test.setTimeout(120_000); // three moves, each seen through the 5 s quote cache, on a busy machine
  const errors = collectConsoleErrors(page);
  const email = uniqueEmail("crossing");
  await signUp(page, email, "Cora Crossing", WEB);

  // Created while nothing watches AAPL: every ticker message with AAPL in it comes from a poll
  // that began after the alert was stored, and so was checked against it.
  await page.goto(`${WEB}/app/alerts`);
  await page.getByLabel("Symbol").fill("AAPL");
  await page.getByLabel("Condition").selectOption("crossing_up");
  await page.getByLabel("Price level").fill("110");
  await page.getByLabel("Message (optional)").fill("{{symbol}} is {{condition}}, now {{price}}");
  await expect(page.getByLabel("How often")).toHaveValue("only_once");
  await page.getByRole("button", { name: "Create alert" }).click();
  await expect(page.getByText("The alert was created.")).toBeVisible();
  await expect(page.getByRole("row", { name: /^AAPL crossing up 110\.00/ })).toContainText("Armed");
  await expect(bell(page)).toHaveAccessibleName("Notifications, none unread");

  // The member watches AAPL live: the price below the level is the sample the crossing starts from.
  await page.goto(`${WEB}/app/watchlists`);
  await page.getByLabel("List name").fill("Crossing");
  await page.getByRole("button", { name: "Create list" }).click();
  await expect(page.getByText("The list was created.")).toBeVisible();
  await page.getByLabel("Add a symbol to Crossing").fill("AAPL");
  await page.getByRole("region", { name: "Crossing" }).getByRole("button", { name: "Add symbol" }).click();
  await expect(page.getByText("The symbol was added.")).toBeVisible();
  await expect(liveAapl(page)).toHaveText("100.00", { timeout: 30_000 });
  // Set on this document: still there at the end means the page was never reloaded.
  await page.evaluate(() => Object.assign(window, { crossingTestMark: true }));

  const movedAt = new Date();
  aaplPrice = 120;
  await expect(liveAapl(page)).toHaveText("120.00", { timeout: 30_000 });
  await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread", { timeout: 30_000 });
  const message = await mail.waitForMessage(
    { to: email, subject: /^AAPL crossing up 110\.00 at 120\.00$/, after: movedAt },
    30_000,
  );
  expect(message.text).toContain("AAPL is crossing up 110.00, now 120.00");

  // Back below and across again: an "only once" alert is done and stays quiet.
  aaplPrice = 100;
  await expect(liveAapl(page)).toHaveText("100.00", { timeout: 30_000 });
  aaplPrice = 120;
  await expect(liveAapl(page)).toHaveText("120.00", { timeout: 30_000 });
  // The next message comes only after the poll that saw 120 was checked and its firings were
  // counted on the bell (the producer checks alerts before it polls again).
  const status = page.getByRole("status").filter({ hasText: /^Live · / });
  const heardAt = await status.textContent();
  await expect(status).not.toHaveText(heardAt!, { timeout: 30_000 });
  await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread");
  expect(await page.evaluate(() => "crossingTestMark" in window)).toBe(true);

  await page.goto(`${WEB}/app/alerts`);
  const row = page.getByRole("row", { name: /^AAPL crossing up 110\.00/ });
  await expect(row).toContainText("Fired, done");
  await expect(row).toContainText("(1×)");
  const firings = page.getByRole("table", { name: "Recent firings" });
  await expect(firings.getByRole("row")).toHaveCount(2); // the header and the one firing
  await expect(firings).toContainText("AAPL is crossing up 110.00, now 120.00");
  expect(mail.messages().filter((m) => m.to.includes(email) && m.subject.startsWith("AAPL "))).toHaveLength(1);
  expect(errors).toEqual([]);
});
