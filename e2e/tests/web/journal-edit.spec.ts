import { expect, type Page, test } from "../../fixtures/test.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { signUp, uniqueEmail } from "../../fixtures/members.ts";

async function newMemberWithAccount(page: Page) {
  await signUp(page, uniqueEmail("journal-edit"), "Eddie Edit");
  await page.goto("/app/journal/new");
  await page.getByLabel("Account name").fill("Main");
  await page.getByRole("button", { name: "Create account" }).click();
  // The account exists once the trade form shows (a goto before that would cancel the post).
  await expect(page.getByLabel("Symbol")).toBeVisible();
}

async function addTrade(page: Page, { symbol, exitPrice }: { symbol: string; exitPrice: string }) {
  await page.goto("/app/journal/new");
  await page.getByLabel("Symbol").fill(symbol);
  await page.getByLabel("Quantity").fill("10");
  await page.getByLabel("Entry price").fill("100");
  await page.getByLabel("Entry time").fill("2026-03-02T09:45:00");
  await page.getByLabel("Exit price").fill(exitPrice);
  await page.getByLabel("Exit time").fill("2026-03-02T10:15:00");
  await page.getByRole("button", { name: "Save trade" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${symbol} · long · closed`);
}

/** Opens the trade's edit page from its detail page and waits for it (its labels differ from the detail page's). */
async function openEdit(page: Page, symbol: string) {
  await page.getByRole("link", { name: "Edit", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Edit ${symbol} · long`);
}

const netPnl = (page: Page) => page.locator("dt:text-is('Net P&L') + dd");

test("edit a trade, override its P&L, Markdown notes, setups, bulk tags, delete", async ({ page }) => {
  test.slow(); // a long journey
  await newMemberWithAccount(page);
  await addTrade(page, { symbol: "AAPL", exitPrice: "105" });
  await expect(netPnl(page)).toHaveText("+$50.00");

  // Edit the exit price: a bad one is refused next to its field, then the P&L is recomputed.
  await openEdit(page, "AAPL");
  await expectNoA11yViolations(page);
  await page.getByLabel("Exit price").fill("1O5");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByLabel("Exit price")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#exitPrice-error")).toHaveText("Enter an exit price between 0 and 999,999");
  await expectNoA11yViolations(page);
  await page.getByLabel("Exit price").fill("110");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("AAPL · long · closed");
  await expect(netPnl(page)).toHaveText("+$100.00");

  // A typed P&L is kept and marked as an override, here and in the list.
  await openEdit(page, "AAPL");
  await page.getByLabel("Net P&L override").fill("95.5");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(netPnl(page)).toContainText("+$95.50");
  await expect(netPnl(page)).toContainText("override");
  await page.goto("/app/journal");
  await expect(page.getByRole("row", { name: /AAPL/ })).toContainText("+$95.50 (override)");

  // Notes are Markdown: bold becomes <strong>, a script tag is shown as text.
  await page.getByRole("link", { name: "AAPL" }).click();
  await openEdit(page, "AAPL");
  await page.getByLabel("Notes").fill("Held for the **target**.\n\n<script>window.__pwned = true</script>");
  await page.getByRole("button", { name: "Save changes" }).click();
  const notes = page.getByRole("region", { name: "Notes", exact: true });
  await expect(notes.locator("strong")).toHaveText("target");
  await expect(notes).toContainText("<script>window.__pwned = true</script>");
  await expect(notes.locator("script")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
  await expectNoA11yViolations(page);
  const aaplUrl = page.url();

  // A setup is created on its page and given to the trade.
  await page.goto("/app/journal/setups");
  await expectNoA11yViolations(page);
  await page.getByLabel("Name").fill("Opening range breakout");
  await page.getByLabel("Description").fill("The first five minutes' range, broken with volume.");
  await page.getByRole("button", { name: "Add setup" }).click();
  await expect(page.getByRole("status")).toHaveText("The setup was created.");
  await expect(page.getByRole("row", { name: /Opening range breakout/ })).toBeVisible();
  await page.getByRole("link", { name: "Edit Opening range breakout" }).click();
  await expect(page.getByRole("heading", { name: "Edit “Opening range breakout”" })).toBeVisible();
  await page.getByLabel("Name").fill("ORB");
  await page.getByRole("button", { name: "Save setup" }).click();
  await expect(page.getByRole("status")).toHaveText("The setup was saved.");
  await page.goto(`${aaplUrl}/edit`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Edit AAPL · long");
  await page.getByLabel("Setup", { exact: true }).selectOption({ label: "ORB" });
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator("dt:text-is('Setup') + dd")).toHaveText("ORB");
  await expect(netPnl(page)).toContainText("+$95.50"); // the override stays

  // The accounts page lists the account with its trades.
  await page.goto("/app/journal/accounts");
  await expect(page.getByRole("row", { name: /Main/ })).toContainText("1");
  await expectNoA11yViolations(page);

  // Bulk tagging: two trades selected in the list, then filtered by the tag.
  await addTrade(page, { symbol: "MSFT", exitPrice: "98" });
  await page.goto("/app/journal");
  await expectNoA11yViolations(page);
  // Each P&L in the list carries its sign, and the colour repeats it (never the only signal).
  const pnlOf = (symbol: string) => page.getByRole("row", { name: new RegExp(symbol) }).locator(".tc-pnl");
  await expect(pnlOf("MSFT")).toHaveText("-$20.00"); // 10 × (98 − 100)
  await expect(pnlOf("MSFT")).toHaveClass(/\btc-pnl--loss\b/);
  await expect(pnlOf("MSFT")).toHaveCSS("color", "rgb(248, 113, 113)"); // --loss
  await expect(pnlOf("AAPL")).toHaveText("+$95.50");
  await expect(pnlOf("AAPL")).toHaveClass(/\btc-pnl--gain\b/);
  await expect(pnlOf("AAPL")).toHaveCSS("color", "rgb(52, 211, 153)"); // --gain
  await page.getByRole("checkbox", { name: /Select AAPL/ }).check();
  await page.getByRole("checkbox", { name: /Select MSFT/ }).check();
  await page.getByLabel("Tag for the selected trades").fill("review");
  await page.getByRole("button", { name: "Add tag" }).click();
  await expect(page.getByRole("status")).toHaveText("Added “review” to 2 trades.");
  await page.getByLabel("Tag", { exact: true }).fill("review");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/tag=review/);
  await expect(page.getByText(/^2 trades · net P&L/)).toBeVisible();
  await page.getByLabel("Setup", { exact: true }).selectOption({ label: "ORB" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText(/^1 trade · net P&L/)).toBeVisible();

  // Delete asks first.
  await page.goto("/app/journal");
  await page.getByRole("link", { name: "MSFT" }).click();
  await page.getByRole("link", { name: "Delete this trade…" }).click();
  await expect(page.getByRole("heading", { name: "Delete this trade?" })).toBeVisible();
  await expect(page.getByText("MSFT and its 2 fills will be removed")).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByRole("button", { name: "Yes, delete it" }).click();
  await expect(page).toHaveURL(/\/app\/journal\?deleted=1$/);
  await expect(page.getByRole("status")).toHaveText("The trade was deleted.");
  await expect(page.getByText(/^1 trade · net P&L/)).toBeVisible();
  await expect(page.getByRole("link", { name: "MSFT" })).toHaveCount(0);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the edit form refuses a bad price inline, keeps what was typed, and delete still asks first", async ({
    page,
  }) => {
    test.slow(); // signs up, adds a trade, then edits it
    await newMemberWithAccount(page);
    await addTrade(page, { symbol: "NVDA", exitPrice: "101" });
    await openEdit(page, "NVDA");
    await page.getByLabel("Exit price").fill("abc");
    await page.getByLabel("Notes").fill("kept after the refusal");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByLabel("Exit price")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#exitPrice-error")).toHaveText("Enter an exit price between 0 and 999,999");
    await expect(page.getByLabel("Notes")).toHaveValue("kept after the refusal");
    // (axe needs JavaScript in the page; the first test checks this page with its errors.)

    await page.getByRole("link", { name: "Delete this trade…" }).click();
    await page.getByRole("button", { name: "Yes, delete it" }).click();
    await expect(page.getByRole("status")).toHaveText("The trade was deleted.");
  });
});
