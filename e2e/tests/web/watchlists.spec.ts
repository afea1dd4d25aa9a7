import { expect, type Page, test } from "../../fixtures/test.ts";
import { collectConsoleErrors, expectNoA11yViolations } from "../../fixtures/axe.ts";
import { signUp, uniqueEmail } from "../../fixtures/members.ts";

/** The list's card, found by its heading. */
const listCard = (page: Page, name: string) => page.getByRole("region", { name });

/** The symbols of a list, top to bottom. */
const symbolsOf = (page: Page, name: string) => listCard(page, name).getByRole("rowheader");

async function addSymbol(page: Page, list: string, symbol: string) {
  await page.getByLabel(`Add a symbol to ${list}`).fill(symbol);
  await listCard(page, list).getByRole("button", { name: "Add symbol" }).click();
  await expect(page.getByText("The symbol was added.")).toBeVisible();
}

async function screenshots(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("a member keeps a watchlist: creates it, adds AAPL and BTC with simulated prices, reorders, removes, deletes", async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await signUp(page, uniqueEmail("watchlists"), "Wanda Watch");
  await page.goto("/app/watchlists");
  await expect(page.getByRole("heading", { level: 1, name: "Watchlists" })).toBeVisible();

  // A blank name is refused with the summary, nothing stored.
  await page.getByRole("button", { name: "Create list" }).click();
  await expect(page.locator("[data-error-summary]").getByRole("link")).toHaveText(["Give the list a name"]);

  await page.getByLabel("List name").fill("Tech and coins");
  await page.getByRole("button", { name: "Create list" }).click();
  await expect(page.getByText("The list was created.")).toBeVisible();
  const card = listCard(page, "Tech and coins");
  await expect(card).toBeVisible();

  await addSymbol(page, "Tech and coins", "aapl");
  await addSymbol(page, "Tech and coins", "BTC");
  await expect(symbolsOf(page, "Tech and coins")).toHaveText(["AAPL", "BTC"]);

  // Prices, signed change and where they come from.
  for (const symbol of ["AAPL", "BTC"]) {
    const row = card.getByRole("row", { name: new RegExp(`^${symbol}\\b`) });
    await expect(row.locator(`td[data-symbol="${symbol}"]`)).toHaveText(/^[\d,]+\.\d+$/);
    await expect(row.getByText(/^[+-]?\d+\.\d\d%$/).first()).toBeVisible();
    await expect(row.getByText("simulated", { exact: true })).toBeVisible();
    await expect(row.locator("svg.tc-sparkline")).toHaveAttribute("aria-hidden", "true");
    await expect(row.getByRole("link", { name: symbol })).toHaveAttribute("href", `/app/market/${symbol}`);
  }

  // Live: the tab's ticker stream (the producer polls every 5 s for watched symbols) updates the
  // prices where they stand, and says when it last heard.
  await expect(page.getByRole("status").filter({ hasText: /^Live · \d\d:\d\d:\d\d$/ })).toBeVisible({
    timeout: 30_000,
  });
  await expect(card.locator('[data-live-symbol="AAPL"]')).toHaveAttribute("data-live", "yes", { timeout: 30_000 });
  await expect(card.locator('[data-live-symbol="BTC"]')).toHaveAttribute("data-live", "yes");

  // An unknown symbol is refused beside its field, with suggestions.
  await page.getByLabel("Add a symbol to Tech and coins").fill("AAPX");
  await card.getByRole("button", { name: "Add symbol" }).click();
  await expect(page.locator("[data-error-summary]")).toContainText("No market data for AAPX. Did you mean");
  await expect(page.getByLabel("Add a symbol to Tech and coins")).toHaveValue("AAPX");
  await expect(symbolsOf(page, "Tech and coins")).toHaveText(["AAPL", "BTC"]);

  await expectNoA11yViolations(page);
  await screenshots(page, "watchlists-js");
  // Nothing sideways on a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 900 });

  await card.getByRole("button", { name: "Move BTC up" }).click();
  await expect(symbolsOf(page, "Tech and coins")).toHaveText(["BTC", "AAPL"]);

  await card.getByRole("button", { name: "Remove AAPL from Tech and coins" }).click();
  await expect(page.getByText("The symbol was removed.")).toBeVisible();
  await expect(symbolsOf(page, "Tech and coins")).toHaveText(["BTC"]);

  // Deleting asks first.
  await card.getByRole("link", { name: "Delete Tech and coins" }).click();
  await expect(page.getByRole("heading", { name: "Delete “Tech and coins”?" })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByRole("button", { name: "Yes, delete the list" }).click();
  await expect(page.getByText("The list was deleted.")).toBeVisible();
  await expect(page.getByText("No watchlists yet")).toBeVisible();
  // The blank name and the unknown symbol were answered 400 on purpose; nothing else may fail.
  expect(errors.filter((e) => !/status of 400 \(Bad Request\)/.test(e))).toEqual([]);
});

test("without JavaScript every watchlist form works: create, add, move, rename, remove, delete", async ({
  browser,
  page,
}) => {
  await signUp(page, uniqueEmail("watchlists-nojs"), "Noel NoScript");
  const context = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  const plain = await context.newPage();
  await plain.goto("/app/watchlists");

  await plain.getByLabel("List name").fill("Plain list");
  await plain.getByRole("button", { name: "Create list" }).click();
  await expect(plain.getByText("The list was created.")).toBeVisible();
  await plain.getByLabel("List name").fill("Second");
  await plain.getByRole("button", { name: "Create list" }).click();
  await expect(plain.getByRole("heading", { level: 2 })).toContainText(["Plain list", "Second"]);

  await plain.getByLabel("Add a symbol to Plain list").fill("aapl");
  await listCard(plain, "Plain list").getByRole("button", { name: "Add symbol" }).click();
  await expect(plain.getByText("The symbol was added.")).toBeVisible();
  await plain.getByLabel("Add a symbol to Plain list").fill("btc");
  await listCard(plain, "Plain list").getByRole("button", { name: "Add symbol" }).click();
  await expect(symbolsOf(plain, "Plain list")).toHaveText(["AAPL", "BTC"]);
  await expect(listCard(plain, "Plain list").getByText("simulated", { exact: true })).toHaveCount(2);

  // A duplicate is refused with the summary and the field's message.
  await plain.getByLabel("Add a symbol to Plain list").fill("AAPL");
  await listCard(plain, "Plain list").getByRole("button", { name: "Add symbol" }).click();
  await expect(plain.locator("[data-error-summary]")).toContainText("AAPL is already on this list.");

  await screenshots(plain, "watchlists-nojs");

  await listCard(plain, "Plain list").getByRole("button", { name: "Move BTC up" }).click();
  await expect(symbolsOf(plain, "Plain list")).toHaveText(["BTC", "AAPL"]);
  await listCard(plain, "Second").getByRole("button", { name: "Move list Second up" }).click();
  await expect(plain.getByRole("heading", { level: 2 })).toContainText(["Second", "Plain list"]);

  await listCard(plain, "Plain list").getByRole("link", { name: "Rename Plain list" }).click();
  await plain.getByLabel("New name").fill("Renamed");
  await plain.getByRole("button", { name: "Save name" }).click();
  await expect(plain.getByText("The list was renamed.")).toBeVisible();

  await listCard(plain, "Renamed").getByRole("button", { name: "Remove AAPL from Renamed" }).click();
  await expect(symbolsOf(plain, "Renamed")).toHaveText(["BTC"]);

  await listCard(plain, "Renamed").getByRole("link", { name: "Delete Renamed" }).click();
  await plain.getByRole("button", { name: "Yes, delete the list" }).click();
  await expect(plain.getByText("The list was deleted.")).toBeVisible();
  await expect(plain.getByRole("heading", { level: 2 })).toContainText(["Second", "New watchlist"]);
  await context.close();
});
