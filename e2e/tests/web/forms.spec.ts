// Issue 13: a refused form says what went wrong at its top, takes focus there, links to each
// field, keeps what was typed (with or without JavaScript) and says one thing per field.
import { expect, type Page, test } from "../../fixtures/test.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { signUp, uniqueEmail } from "../../fixtures/members.ts";

async function memberWithAccount(page: Page) {
  await signUp(page, uniqueEmail("forms"), "Fern Forms");
  await page.goto("/app/journal/new");
  await page.getByLabel("Account name").fill("Main account");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Symbol")).toBeVisible();
}

const summary = (page: Page) => page.locator("[data-error-summary]");

/** The error summary has focus and lists exactly `messages`, each linking to its field. */
async function expectSummaryFocused(page: Page, links: Record<string, string>) {
  await expect(summary(page)).toBeFocused();
  await expect(summary(page).getByRole("heading", { name: "There is a problem" })).toBeVisible();
  const items = summary(page).getByRole("link");
  await expect(items).toHaveText(Object.keys(links));
  for (const [message, fieldId] of Object.entries(links)) {
    await expect(summary(page).getByRole("link", { name: message })).toHaveAttribute("href", `#${fieldId}`);
    // The field says the same, once, and is described by it.
    const field = page.locator(`[id="${fieldId}"]`);
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAccessibleDescription(new RegExp(escape(message)));
    await expect(page.locator(`[id="${fieldId}-error"]`)).toHaveText(message);
  }
}
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

test.describe("with JavaScript", () => {
  for (const viewport of [
    { name: "desktop", width: 1280, height: 900 },
    { name: "phone", width: 390, height: 844 },
  ]) {
    test(`a refused new trade focuses the error summary, one message per field (${viewport.name})`, async ({
      page,
    }) => {
      await page.setViewportSize(viewport);
      await memberWithAccount(page);
      await page.getByLabel("Quantity").fill("10");
      await page.getByLabel("Entry price").fill("abc");
      await page.getByLabel("Entry time").fill("2026-03-02T09:45:00");
      await page.getByLabel("Tags").fill("momentum");
      await page.getByRole("button", { name: "Save trade" }).click();

      await expectSummaryFocused(page, {
        "Enter a symbol": "symbol",
        "Enter an entry price between 0 and 999,999": "entryPrice",
      });
      // What was typed stays.
      await expect(page.getByLabel("Quantity")).toHaveValue("10");
      await expect(page.getByLabel("Tags")).toHaveValue("momentum");
      await expect(page.getByLabel("Entry price")).toHaveValue("abc");
      await expectNoA11yViolations(page);
      await page.screenshot({ path: test.info().outputPath(`new-trade-${viewport.name}.png`), fullPage: false });

      // A link in the summary takes the member to its field.
      await summary(page).getByRole("link", { name: "Enter a symbol" }).click();
      await expect(page.getByLabel("Symbol")).toBeFocused();

      // A second refusal focuses the summary again.
      await page.getByLabel("Symbol").fill("AAPL");
      await page.getByRole("button", { name: "Save trade" }).click();
      await expectSummaryFocused(page, { "Enter an entry price between 0 and 999,999": "entryPrice" });
    });
  }

  test("an over-long value is refused with its limit, never cut", async ({ page }) => {
    await memberWithAccount(page);
    await page.getByLabel("Symbol").fill("AAPL");
    await page.getByLabel("Quantity").fill("10");
    await page.getByLabel("Entry price").fill("100");
    await page.getByLabel("Entry time").fill("2026-03-02T09:45:00");
    const notes = "n".repeat(10_001);
    await page.getByLabel("Notes").fill(notes);
    // Nothing in the page trims it before it is sent.
    await expect(page.getByLabel("Notes")).toHaveValue(notes);
    await page.getByRole("button", { name: "Save trade" }).click();
    await expectSummaryFocused(page, { "Use at most 10,000 characters for your notes": "notes" });
    await expect(page.getByLabel("Notes")).toHaveValue(notes);
    await page.getByLabel("Notes").fill(notes.slice(1));
    await page.getByRole("button", { name: "Save trade" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("AAPL · long · open");
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a refused new trade comes back with every value kept and the summary focused", async ({ page }) => {
    await memberWithAccount(page);
    await page.getByLabel("Symbol").fill("TOO-LONG-SYMBOL-XYZ");
    await page.getByLabel("Direction").selectOption("short");
    await page.getByLabel("Quantity").fill("10");
    await page.getByLabel("Entry price").fill("1000000");
    await page.getByLabel("Entry time").fill("2026-03-02T09:45:00");
    await page.getByLabel("Exit price").fill("95");
    await page.getByLabel("Fees").fill("1.5");
    await page.getByLabel("Tags").fill("gap, fade");
    await page.getByLabel("Notes").fill("Faded the open\nsecond line");
    await page.getByRole("button", { name: "Save trade" }).click();

    await expect(page.locator("[data-error-summary]")).toBeVisible();
    // Focus came from the page itself (autofocus): no script ran.
    expect(await page.evaluate(() => document.activeElement?.hasAttribute("data-error-summary"))).toBe(true);
    await expectSummaryFocused(page, {
      "Use at most 16 characters for the symbol": "symbol",
      "Enter an entry price between 0 and 999,999": "entryPrice",
      "Give both the exit price and time, or neither": "exitAt",
    });
    await expect(page.getByLabel("Symbol")).toHaveValue("TOO-LONG-SYMBOL-XYZ");
    await expect(page.getByLabel("Direction")).toHaveValue("short");
    await expect(page.getByLabel("Quantity")).toHaveValue("10");
    await expect(page.getByLabel("Entry price")).toHaveValue("1000000");
    await expect(page.getByLabel("Entry time")).toHaveValue("2026-03-02T09:45");
    await expect(page.getByLabel("Exit price")).toHaveValue("95");
    await expect(page.getByLabel("Fees")).toHaveValue("1.5");
    await expect(page.getByLabel("Tags")).toHaveValue("gap, fade");
    await expect(page.getByLabel("Notes")).toHaveValue("Faded the open\nsecond line");
    // axe needs script in the page: the same summary passes it in the tests with JavaScript.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: test.info().outputPath("new-trade-nojs-phone.png"), fullPage: true });
  });

  test("a refused sign-up keeps the name and email, focuses the summary, and never echoes the password", async ({
    page,
  }) => {
    await page.goto("/signup");
    await page.getByLabel("Name").fill("Sam Signup");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password", { exact: true }).fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    expect(await page.evaluate(() => document.activeElement?.hasAttribute("data-error-summary"))).toBe(true);
    await expect(page.locator("[data-error-summary]").getByRole("link")).toHaveText([
      "Enter a valid email address",
      "Use at least 12 characters.",
    ]);
    await expect(page.getByLabel("Name")).toHaveValue("Sam Signup");
    await expect(page.getByLabel("Email")).toHaveValue("not-an-email");
    await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
  });

  test("the account and setup forms say what to fix and keep what was typed", async ({ page }) => {
    await signUp(page, uniqueEmail("forms-nojs"), "Nora NoScript");
    await page.goto("/app/journal/setups");
    await page.getByLabel("Name").fill("");
    await page.getByLabel("Description").fill("d".repeat(501));
    await page.getByRole("button", { name: "Add setup" }).click();
    expect(await page.evaluate(() => document.activeElement?.hasAttribute("data-error-summary"))).toBe(true);
    await expect(page.locator("[data-error-summary]").getByRole("link")).toHaveText([
      "Name the setup",
      "Use at most 500 characters",
    ]);
    await expect(page.getByLabel("Description")).toHaveValue("d".repeat(501));

    await page.goto("/app/journal/accounts");
    await page.getByLabel("Account name").fill("Swing");
    await page.getByLabel("Currency").fill("DOLLARS");
    await page.getByRole("button", { name: "Add account" }).click();
    await expect(page.locator("[data-error-summary]").getByRole("link")).toHaveText([
      "Use a three-letter currency code like USD",
    ]);
    await expect(page.getByLabel("Account name")).toHaveValue("Swing");
    await expect(page.getByLabel("Currency")).toHaveValue("DOLLARS");
  });
});
