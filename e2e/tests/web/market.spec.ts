// Market data (issue 14): a member finds a symbol from the header, sees its quote and candles with
// their own trades marked, reads the same prices without JavaScript, and is told plainly when a
// symbol or a period cannot be shown. Runs on the stack's market data: the simulated provider.
import { expect, type Page, test } from "../../fixtures/test.ts";
import { collectConsoleErrors, expectNoA11yViolations } from "../../fixtures/axe.ts";
import { addClosedTrade } from "../../fixtures/journal.ts";
import { signUp, uniqueEmail } from "../../fixtures/members.ts";

const PHONE = { width: 390, height: 844 };

/** A weekday a week or two back, as a datetime-local value on the member's (UTC) clock: inside the default year of day bars. */
function recentWeekday(hour: string): string {
  const day = new Date(Date.now() - 10 * 86_400_000);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() - 1);
  return `${day.toISOString().slice(0, 10)}T${hour}`;
}

/** A new member with one closed long trade on AAPL (entry and exit on the same recent day); returns its page's path. */
async function memberWithAaplTrade(page: Page, label: string): Promise<string> {
  await signUp(page, uniqueEmail(label), "Mara Market");
  await page.goto("/app/journal/new");
  await page.getByLabel("Account name").fill("Main");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Symbol", { exact: true })).toBeVisible();
  const url = await addClosedTrade(page, {
    symbol: "AAPL",
    direction: "long",
    quantity: "10",
    entryPrice: "190",
    entryAt: recentWeekday("14:35"),
    exitPrice: "192.5",
    exitAt: recentWeekday("15:50"),
    fees: "0",
  });
  return new URL(url).pathname;
}

/** True when the page is no wider than its window (nothing to scroll sideways). */
const fitsWidth = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

test("a member searches a symbol from the header and sees its chart with their trade marked", async ({ page }) => {
  // A journey of six pages (sign-up, a trade, search, three charts), each checked by axe.
  test.slow();
  const errors = collectConsoleErrors(page);
  const tradePath = await memberWithAaplTrade(page, "market-chart");

  await page.getByRole("search", { name: "Market search" }).getByLabel("Ticker or company").fill("apple");
  await page.getByRole("search", { name: "Market search" }).getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("heading", { level: 2 })).toContainText("matching “apple”");
  await expectNoA11yViolations(page);
  await page.getByRole("link", { name: "AAPL" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("AAPL");
  await expect(page.getByText("simulated").first()).toBeVisible();
  await expect(page.getByTestId("quote-price")).toHaveText(/^\d{1,3}(,\d{3})*\.\d{2}$/);
  // The chart is drawn on a canvas once its script has loaded; its marks are the trade's entry and exit.
  const chart = page.getByTestId("market-chart");
  await expect(chart).toHaveAttribute("data-chart-state", "ready");
  await expect(chart.locator("canvas").first()).toBeVisible();
  await expect(chart).toHaveAttribute("data-marker-count", "2");
  await expect(page.getByRole("navigation", { name: "Bar size" }).getByRole("link", { name: /^Days/ })).toHaveAttribute(
    "aria-current",
    "page",
  );
  const trades = page.getByRole("table", { name: /Your trades on AAPL in this period/ });
  await expect(trades.getByRole("row")).toHaveCount(2);
  await expect(trades.getByRole("row").nth(1)).toContainText("+$25.00");
  await expectNoA11yViolations(page);

  // Minute bars of the last session: another chart, reached by a plain link.
  await page.getByRole("link", { name: /^Minutes/ }).click();
  await expect(page.getByText(/AAPL, minute bars from/)).toBeVisible();
  await expect(chart).toHaveAttribute("data-chart-state", "ready");

  // Back to the year of days, whose table lists the trade and links to it.
  await page.getByRole("link", { name: /^Days/ }).click();
  await expect(page.getByText(/AAPL, day bars from/)).toBeVisible();
  await expect(chart).toHaveAttribute("data-marker-count", "2");
  await trades.getByRole("link", { name: "long stock" }).click();
  await expect(page).toHaveURL(tradePath);
  expect(errors).toEqual([]);
});

test("a symbol that cannot be one, and a period too long for its bars, are refused beside their fields", async ({
  page,
}) => {
  test.slow();
  await signUp(page, uniqueEmail("market-bad"), "Bad Input");
  const bad = await page.goto("/app/market/A%24B");
  expect(bad?.status()).toBe(400);
  await expect(page.getByRole("alert")).toContainText("“A$B” is not a symbol");
  await expect(page.getByRole("search", { name: "Search again" }).getByLabel("Ticker or company")).toHaveAttribute(
    "aria-invalid",
    "true",
  );
  await expectNoA11yViolations(page);

  const tooLong = await page.goto("/app/market/AAPL?timespan=minute&from=2026-03-02&to=2026-03-20");
  expect(tooLong?.status()).toBe(400);
  const from = page.getByRole("textbox", { name: "From" });
  await expect(from).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".tc-field__error")).toHaveText("Minute bars cover at most 5 days per request");
  // The page still shows the default period's chart beside the message.
  await expect(page.getByTestId("market-chart")).toHaveAttribute("data-chart-state", "ready");
  await expectNoA11yViolations(page);

  const longQuery = await page.goto(`/app/market?q=${"x".repeat(41)}`);
  expect(longQuery?.status()).toBe(400);
  await expect(page.getByRole("alert")).toContainText("Type 1 to 40 characters");
  await expectNoA11yViolations(page);

  // "aapl" is AAPL: one address per symbol, the period kept.
  await page.goto("/app/market/aapl?timespan=hour");
  await expect(page).toHaveURL(/\/app\/market\/AAPL\?timespan=hour$/);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the header search, the period's summary and the bars and trades tables work", async ({ page, browser }) => {
    test.slow();
    await memberWithAaplTrade(page, "market-nojs");
    await page.goto("/app");
    await page.getByRole("search", { name: "Market search" }).getByLabel("Ticker or company").fill("AAPL");
    await page.getByRole("search", { name: "Market search" }).getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: "AAPL", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("AAPL");
    // No script, no canvas: the summary and the table carry the prices.
    await expect(page.getByTestId("market-chart")).toBeHidden();
    const summary = page.getByRole("definition");
    await expect(summary.first()).toBeVisible();
    await page.getByText(/^Prices bar by bar/).click();
    const bars = page.getByRole("table", { name: /day bars from .*, newest first/ });
    await expect(bars).toBeVisible();
    const rows = await bars.getByRole("row").count();
    expect(rows).toBeGreaterThan(50);
    expect(rows).toBeLessThanOrEqual(61);
    await expect(page.getByRole("table", { name: /Your trades on AAPL/ }).getByRole("row")).toHaveCount(2);
    // axe needs script: the same page checked in a context that runs it.
    const withScript = await browser.newContext({
      javaScriptEnabled: true,
      storageState: await page.context().storageState(),
    });
    const checked = await withScript.newPage();
    await checked.goto(page.url());
    await expect(checked.getByTestId("market-chart")).toHaveAttribute("data-chart-state", "ready");
    await expectNoA11yViolations(checked);
    await withScript.close();
  });
});

test.describe("on a phone", () => {
  test.use({ viewport: PHONE });

  test("the symbol page and the search results fit the screen", async ({ page }) => {
    test.slow();
    await memberWithAaplTrade(page, "market-phone");
    await page.goto("/app/market/AAPL");
    await expect(page.getByTestId("market-chart")).toHaveAttribute("data-marker-count", "2");
    // The trades are cards here: the table would be wider than the screen.
    await expect(page.getByRole("table", { name: /Your trades on AAPL/ })).toBeHidden();
    const cards = page.getByRole("region", { name: /Your trades on AAPL in this period/ }).getByRole("listitem");
    await expect(cards).toHaveCount(1);
    await expect(cards.first().getByRole("link", { name: "long stock" })).toBeVisible();
    await expect(cards.first()).toContainText(/[+-]\$[\d,]+\.\d\d/);
    expect(await fitsWidth(page)).toBe(true);
    await expectNoA11yViolations(page);
    await page.goto("/app/market?q=micro");
    await expect(page.getByRole("link", { name: "MSFT", exact: true })).toBeVisible();
    expect(await fitsWidth(page)).toBe(true);
    await expectNoA11yViolations(page);
  });
});
