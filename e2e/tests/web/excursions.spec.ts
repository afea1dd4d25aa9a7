import { expect, test, type Page } from "../../fixtures/test.ts";
import { collectConsoleErrors, expectNoA11yViolations } from "../../fixtures/axe.ts";
import { addClosedTrade } from "../../fixtures/journal.ts";
import { signUp, uniqueEmail } from "../../fixtures/members.ts";

// The e2e stack has no market data keys: the simulated provider answers, so the figures are
// labelled simulated and only their presence and form are checked here (the numbers themselves are
// hand-checked in packages/api's excursions tests).

/** The Excursions part of the trade page, calculated: MFE/MAE in dollars, R and price; best exit; efficiency. */
async function expectCalculated(page: Page) {
  const part = page.getByRole("region", { name: "Excursions" });
  await expect(part.getByRole("status")).toHaveText("Excursions calculated.");
  const terms = part.getByRole("term");
  await expect(terms).toHaveText([
    "Maximum favourable excursion",
    "Maximum adverse excursion",
    "Best exit P&L",
    "Exit efficiency",
  ]);
  const values = part.getByRole("definition");
  // No stop was given, so no R; the MFE is never below $0, the MAE never above.
  await expect(values.nth(0)).toHaveText(/^(\+\$[\d,]+\.\d\d|\$0\.00) at [\d,]+\.\d+$/);
  await expect(values.nth(1)).toHaveText(/^(-\$[\d,]+\.\d\d|\$0\.00) at [\d,]+\.\d+$/);
  await expect(values.nth(2)).toHaveText(/^([+-]\$[\d,]+\.\d\d|\$0\.00) after fees, out at the best price$/);
  await expect(values.nth(3)).toHaveText(/(^-?[\d.]+% of the best exit taken$|never in profit)/);
  await expect(part).toContainText("Simulated market data");
  await expect(part.getByRole("button", { name: "Calculate" })).toHaveCount(0);
}

test("a closed trade's excursions are calculated on its page, with and without JavaScript, and shown in the statistics", async ({
  page,
  browser,
}) => {
  // Two trades, a page without script and four axe runs: more than one page's default 30 s.
  test.slow();
  const errors = collectConsoleErrors(page);
  await signUp(page, uniqueEmail("excursions"), "Mae Excursion");
  await page.goto("/app/journal/new");
  await page.getByLabel("Account name").fill("Main");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Symbol")).toBeVisible();
  // 10:00-11:30 in New York (UTC-5): inside the session the simulated market trades.
  await addClosedTrade(page, {
    symbol: "AAPL",
    direction: "long",
    quantity: "10",
    entryPrice: "190",
    entryAt: "2026-03-02T15:00:00",
    exitPrice: "191",
    exitAt: "2026-03-02T16:30:00",
    fees: "1",
  });

  const part = page.getByRole("region", { name: "Excursions" });
  await expect(part).toContainText("Not calculated yet");
  // A 90-minute trade opens the chart on minute bars with 30 minutes either side.
  await expect(part.getByRole("link", { name: "See on the chart" })).toHaveAttribute(
    "href",
    "/app/market/AAPL?from=2026-03-02T14%3A30%3A00.000Z&to=2026-03-02T17%3A00%3A00.000Z&timespan=minute",
  );
  await expectNoA11yViolations(page);
  await part.getByRole("button", { name: "Calculate" }).click();
  await expectCalculated(page);
  await expectNoA11yViolations(page);

  // Without JavaScript: the Calculate button is a plain POST form.
  const second = await addClosedTrade(page, {
    symbol: "MSFT",
    direction: "short",
    quantity: "5",
    entryPrice: "410",
    entryAt: "2026-03-03T15:10:00",
    exitPrice: "405",
    exitAt: "2026-03-03T15:40:00",
    fees: "1",
  });
  const noJs = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  const plain = await noJs.newPage();
  await plain.goto(second);
  await plain.getByRole("region", { name: "Excursions" }).getByRole("button", { name: "Calculate" }).click();
  await expect(plain).toHaveURL(/\?excursions=calculated$/);
  await expectCalculated(plain);
  await noJs.close();

  // The statistics show the averages with their coverage: both closed trades are measured.
  await page.goto("/app/analytics");
  await expect(page.getByText("Excursions (MFE, MAE, exit efficiency) are measured on 2 of 2 trades")).toBeVisible();
  await expect(page.getByRole("term").filter({ hasText: "Average MFE · MAE" }).first()).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Exit efficiency (trades)" })).toBeVisible();
  await expectNoA11yViolations(page);
  expect(errors).toEqual([]);
});
