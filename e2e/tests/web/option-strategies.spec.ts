// Option strategies (issue 12): legs opened together are previewed as one strategy, named in the
// journal list, and shown on each leg's page with every leg and the strategy's net P&L.
import { expect, test } from "../../fixtures/test.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { createImportAccount, previewFile } from "../../fixtures/imports.ts";
import { signUp, uniqueEmail } from "../../fixtures/members.ts";

const HEADER =
  "time,symbol,side,quantity,price,fees,asset_class,multiplier,execution_id,underlying,expiry,strike,right";
const leg = (id: string, at: string, side: string, price: string, strike: string, right: string) =>
  `${at},SPY,${side},1,${price},0.65,option,100,${id},SPY,2026-03-20,${strike},${right}`;
// An iron condor opened in one second for a 1.00 credit and closed for 0.60: 40 − 8 × 0.65 = 34.80.
// A lone call bought a minute later is no strategy.
const FILE = [
  HEADER,
  leg("o1", "2026-03-02T15:00:00Z", "buy", "1.00", "570", "put"),
  leg("o2", "2026-03-02T15:00:00Z", "sell", "1.50", "575", "put"),
  leg("o3", "2026-03-02T15:00:00Z", "sell", "1.60", "600", "call"),
  leg("o4", "2026-03-02T15:00:00Z", "buy", "1.10", "605", "call"),
  leg("c1", "2026-03-10T16:00:00Z", "sell", "0.20", "570", "put"),
  leg("c2", "2026-03-10T16:00:00Z", "buy", "0.50", "575", "put"),
  leg("c3", "2026-03-10T16:00:00Z", "buy", "0.40", "600", "call"),
  leg("c4", "2026-03-10T16:00:00Z", "sell", "0.10", "605", "call"),
  leg("s1", "2026-03-02T15:01:00Z", "buy", "2.00", "610", "call"),
].join("\n");

test("an iron condor is previewed, named in the journal and shown with its legs on a leg's page", async ({ page }) => {
  test.slow(); // a long journey
  await signUp(page, uniqueEmail("strategies"), "Ollie Options");
  await createImportAccount(page, "Options");
  await previewFile(page, "condor.csv", FILE);
  const previewed = page.getByRole("table", { name: /Option strategies/ });
  await expect(previewed.getByRole("row")).toHaveCount(2);
  await expect(previewed.getByRole("row").nth(1).getByRole("cell")).toHaveText(["SPY", "Iron condor", "4"]);
  await page.getByRole("button", { name: "Import 5 trades" }).click();
  await expect(page.getByRole("status")).toContainText("Imported condor.csv: 5 trades");

  await page.goto("/app/journal");
  const table = page.getByRole("table", { name: /Trades, newest first/ });
  await expect(table.getByText("Iron condor")).toHaveCount(4);
  await table.getByRole("row").filter({ hasText: "Iron condor" }).first().getByRole("link").click();

  await expect(page.getByRole("heading", { name: /Strategy: Iron condor · 4 legs · net \+\$34\.80/ })).toBeVisible();
  const legs = page.getByRole("table", { name: "Legs of this iron condor" });
  await expect(legs.getByRole("row")).toHaveCount(5);
  await expect(legs.getByText("(this trade)")).toHaveCount(1);
  await expectNoA11yViolations(page);
  // Each other leg links to its own page, which shows the same strategy.
  await legs.getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: /Strategy: Iron condor/ })).toBeVisible();

  // On a phone the journal's cards name the strategy too.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/app/journal");
  await expect(page.getByRole("region", { name: /Trades, newest first/ }).getByText("Iron condor")).toHaveCount(4);
});

// A short put assigned: closed at 0 on expiry, and the 100 shares bought at the strike that day.
const ASSIGNED = [
  HEADER,
  leg("p1", "2026-03-03T15:00:00Z", "sell", "4.20", "580", "put"),
  leg("p2", "2026-03-20T20:00:00Z", "buy", "0", "580", "put"),
  "2026-03-20T20:00:00Z,SPY,buy,100,580,0,stock,1,sh1,,,,",
].join("\n");

test("an assigned put links to the shares it delivered, and back", async ({ page }) => {
  await signUp(page, uniqueEmail("assigned"), "Ada Assigned");
  await createImportAccount(page, "Options");
  await previewFile(page, "assigned.csv", ASSIGNED);
  await page.getByRole("button", { name: "Import 2 trades" }).click();
  await expect(page.getByRole("status")).toContainText("Imported assigned.csv: 2 trades");

  await page.goto("/app/journal");
  const table = page.getByRole("table", { name: /Trades, newest first/ });
  // The put: sold at 4.20 (the shares' row shows their 580.00 entry).
  await table.getByRole("row").filter({ hasText: "4.20" }).getByRole("link", { name: "SPY" }).click();
  const part = page.getByRole("region", { name: "Assignment and exercise" });
  await expect(part).toContainText("delivered shares into");
  await expectNoA11yViolations(page);
  await part.getByRole("link", { name: "long 100 SPY shares" }).click();
  await expect(page.getByRole("region", { name: "Assignment and exercise" }).getByRole("link")).toHaveText(
    "short 1 × SPY 20 Mar 26 580.00 put",
  );
});
