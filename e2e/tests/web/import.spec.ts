// The member's side of an import (issue 12): the account made on the import page, problem rows
// shown and downloadable, a partial import only by the member's choice, big files paged.
import { readFile } from "node:fs/promises";
import { expect, test } from "../../fixtures/test.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { createImportAccount, previewFile } from "../../fixtures/imports.ts";
import { signUp, uniqueEmail } from "../../fixtures/members.ts";

const HEADER = "time,symbol,side,quantity,price,fees,asset_class,execution_id";
const nextYear = new Date().getUTCFullYear() + 1;
const WITH_PROBLEMS = [
  HEADER,
  "2026-03-02T09:30:00-05:00,AAPL,buy,10,190,1,stock,p1",
  "2026-03-02T10:00:00-05:00,AAPL,sell,10,192.5,1,stock,p2",
  "2026-03-02T10:05:00-05:00,MSFT,buy,5,abc,1,stock,p3",
  "2026-03-03T09:30:00-05:00,TSLA,buy,2,200,0.5,stock,p4",
  "2026-03-03T09:45:00-05:00,TSLA,sell,2,195,0.5,stock,p5",
  `${nextYear}-01-05T09:30:00-05:00,NVDA,buy,1,100,0,stock,p6`,
].join("\n");

/** 250 round trips on AAPL (each +$1.00 after fees) and one SPY position left open: 251 trades. */
function bigFile() {
  const lines = [HEADER];
  for (let i = 0; i < 250; i++) {
    const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 14, 0) + (i * 2 + minute) * 60_000).toISOString();
    lines.push(`${at(0)},AAPL,buy,1,100,0.5,stock,b${i}`, `${at(1)},AAPL,sell,1,102,0.5,stock,s${i}`);
  }
  lines.push("2026-03-03T15:00:00Z,SPY,buy,3,401,0,stock,open1");
  return lines.join("\n");
}

test("a new member creates the account on the import page, sees the rows with problems, downloads them and imports the rest", async ({
  page,
}) => {
  test.slow(); // a long journey
  await signUp(page, uniqueEmail("import"), "Ida Import");
  await page.goto("/app/journal/import");
  await expect(page.getByRole("heading", { name: "1. Name the brokerage account the file is from" })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByRole("button", { name: "Create the account" }).click();
  await expect(page.getByLabel("Account name")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Account name").fill("Schwab");
  await page.getByRole("button", { name: "Create the account" }).click();
  // Still on the import page, the new account chosen.
  await expect(page).toHaveURL(/\/app\/journal\/import\?account=/);
  await expect(page.getByRole("combobox", { name: "Account", exact: true })).toHaveValue(
    new URL(page.url()).searchParams.get("account")!,
  );

  // Times without a zone are read in the zone the member picks (else the broker's, else theirs).
  await page.getByLabel("Times in the file are in").selectOption("Europe/Paris");
  await previewFile(page, "partial.csv", WITH_PROBLEMS);
  await expect(page.getByText(/4 new fills · 2 trades · 0 already imported .* · 2 rows with problems/)).toBeVisible();
  await expect(page.getByText("The file's times were read in Europe/Paris (your choice).")).toBeVisible();
  const problems = page.getByRole("table", { name: "Rows with problems" });
  await expect(problems.getByRole("row")).toHaveCount(3);
  await expect(problems.getByRole("row").nth(1).getByRole("cell")).toHaveText(["4", "price", /./]);
  await expect(problems.getByRole("row").nth(2).getByRole("cell")).toHaveText([
    "7",
    "",
    new RegExp(`^Dated ${nextYear}-01-05, after today`),
  ]);
  const bySymbol = page.getByRole("table", { name: "By symbol" });
  await expect(bySymbol.getByRole("row", { name: /AAPL/ })).toContainText("+$23.00");
  await expect(bySymbol.getByRole("row", { name: /TSLA/ })).toContainText("-$11.00");
  await expectNoA11yViolations(page);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download the 2 rows with problems (CSV)" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("problems-partial.csv");
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toBe("line,column,problem");
  expect(csv).toMatch(/^4,price,/m);
  expect(csv).toMatch(new RegExp(`^7,,"Dated ${nextYear}-01-05, after today`, "m"));

  await page.getByRole("button", { name: "Import 4 fills, skip 2 rows with problems" }).click();
  await expect(page).toHaveURL(/\/app\/journal\/imports\?imported=.*&skipped=2/);
  await expect(page.getByRole("status")).toContainText(
    "Imported partial.csv: 2 trades from 4 fills. 2 rows with problems skipped, as you chose.",
  );
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a big file is summed up by symbol and its trades are paged; it imports whole", async ({ page }) => {
    test.slow(); // a long journey
    await signUp(page, uniqueEmail("import-big"), "Bo Bigfile");
    await createImportAccount(page, "IBKR");

    await previewFile(page, "big.csv", bigFile());
    await expect(page.getByText(/501 new fills · 251 trades/)).toBeVisible();
    const bySymbol = page.getByRole("table", { name: "By symbol" });
    await expect(bySymbol.getByRole("row", { name: /AAPL/ })).toContainText("+$250.00");
    await expect(bySymbol.getByRole("row", { name: /SPY/ })).toContainText("long 3");
    await expect(
      page.getByRole("table", { name: "Trades this import creates, 1–100 of 251" }).getByRole("row"),
    ).toHaveCount(101);

    // The file is carried once, whatever the number of buttons that send it on.
    await expect(page.locator('input[name="content"]')).toHaveCount(1);
    await page.getByRole("button", { name: "Next page" }).click();
    await expect(page.getByRole("table", { name: "Trades this import creates, 101–200 of 251" })).toBeVisible();
    await expect(page.getByText("Page 2 of 3")).toBeVisible();
    await page.getByRole("button", { name: "Next page" }).click();
    const last = page.getByRole("table", { name: "Trades this import creates, 201–251 of 251" });
    await expect(last.getByRole("row")).toHaveCount(52);
    await expect(last.getByRole("row").last()).toContainText("SPY");
    await expect(page.getByRole("button", { name: "Next page" })).toHaveCount(0);

    await page.getByRole("button", { name: "Import 251 trades" }).click();
    await expect(page.getByRole("status")).toContainText("Imported big.csv: 251 trades from 501 fills.");
  });
});

test("a futures contract we don't know: the member gives its point value, and the next file needs no asking", async ({
  page,
}) => {
  test.slow(); // a long journey
  await signUp(page, uniqueEmail("import-futures"), "Fay Futures");
  await createImportAccount(page, "Tradovate");
  const orders = (id: string) =>
    [
      "orderId,B/S,Contract,Product,Status,Fill Time,Filled Qty,Avg Fill Price",
      `${id}1,Buy,LBRH6,LBR,Filled,03/02/2026 09:30:00,2,600`,
      `${id}2,Sell,LBRH6,LBR,Filled,03/02/2026 10:30:00,2,610`,
    ].join("\n");

  await previewFile(page, "orders.csv", orders("a"));
  await expect(page.getByRole("heading", { name: "Point values we don't know" })).toBeVisible();
  await expect(page.getByText("Nothing new in this file.")).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByLabel("Point value of LBR (dollars per 1.0 of its price)").fill("27.5");
  await page.getByRole("button", { name: "Preview again with these point values" }).click();
  // 10 points × 2 contracts × $27.50, less no fee (LBR has none in the fee table: 0 used, and said so).
  await expect(page.getByRole("table", { name: "By symbol" }).getByRole("row", { name: /LBR/ })).toContainText(
    "+$550.00",
  );
  await page.getByRole("button", { name: "Import 1 trade" }).click();
  await expect(page.getByRole("status")).toContainText("Imported orders.csv: 1 trade from 2 fills.");

  await page.goto("/app/journal/import");
  await previewFile(page, "orders-2.csv", orders("b"));
  await expect(page.getByRole("table", { name: "By symbol" }).getByRole("row", { name: /LBR/ })).toContainText(
    "+$550.00",
  );
  await expect(page.getByRole("heading", { name: "Point values we don't know" })).toHaveCount(0);
});

test("a 24,000-fill import shows how far it has got while it writes, then the imported file", async ({ page }) => {
  test.setTimeout(180_000); // a big file, twice through the server, on a machine that may be busy
  const lines = [HEADER];
  for (let i = 0; i < 12_000; i++) {
    const at = (second: number) => new Date(Date.UTC(2025, 0, 2, 14, 30) + i * 60_000 + second * 1000).toISOString();
    lines.push(`${at(0)},S${i % 40},buy,10,50,0.1,stock,h${i}a`, `${at(30)},S${i % 40},sell,10,50.5,0.1,stock,h${i}b`);
  }
  await signUp(page, uniqueEmail("import-progress"), "Pat Progress");
  await createImportAccount(page, "Big");
  await previewFile(page, "huge.csv", lines.join("\n"));
  await page.getByRole("button", { name: "Import 12,000 trades" }).click();
  // The commit writes 36,000 rows a statement of 5,000 at a time: the page follows them.
  const status = page.getByRole("status").filter({ has: page.getByRole("progressbar", { name: "Importing" }) });
  // Reading and pairing 24,000 fills take a few seconds first (longer on a busy machine).
  await expect(status).toContainText(/Writing [\d,]+ of 36,000 trades and fills/, { timeout: 45_000 });
  await expect(status.getByRole("progressbar")).toHaveAttribute("max", "36000");
  await expect(page.getByRole("status")).toContainText("Imported huge.csv: 12,000 trades from 24,000 fills.", {
    timeout: 90_000,
  });
});
