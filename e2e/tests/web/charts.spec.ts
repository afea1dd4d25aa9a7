import { expect, test } from "../../fixtures/test.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { signUp, uniqueEmail } from "../../fixtures/members.ts";

test("a bad filter value in the URL shows the journal with the field's error, not an error page", async ({ page }) => {
  await signUp(page, uniqueEmail("badfilter"), "Bea Filter");
  const response = await page.goto("/app/journal?symbol=%3Cb%3E&side=long");
  // The whole journal answers 400: the bad value is left out, the valid one still applies.
  expect(response?.status()).toBe(400);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Journal");
  const symbol = page.getByLabel("Symbol");
  await expect(symbol).toHaveValue("<b>");
  await expect(symbol).toHaveAttribute("aria-invalid", "true");
  await expect(symbol).toHaveAccessibleDescription(/Use the underlying's symbol/);
  await expect(page.getByLabel("Side")).toHaveValue("long");
  await expectNoA11yViolations(page);

  // The statistics read the same filters the same way.
  const analytics = await page.goto("/app/analytics?from=2026-03-10&to=2026-03-01");
  expect(analytics?.status()).toBe(400);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Analytics");
  await expect(page.getByLabel("To")).toHaveAccessibleDescription("The end date is before the start date");
});

test("the equity curve has a date axis and a read-out per trade on focus; the calendar totals each week", async ({
  page,
}) => {
  await signUp(page, uniqueEmail("charts"), "Cha Rts");
  await page.goto("/app/journal/new");
  await page.getByLabel("Account name").fill("Main");
  await page.getByRole("button", { name: "Create account" }).click();
  // The account exists once the trade form shows (a goto before that would cancel the post).
  await expect(page.getByLabel("Symbol")).toBeVisible();
  for (const [symbol, day, exit] of [
    ["NVDA", "2026-03-02", "104.3"],
    ["AMD", "2026-03-04", "97.9"],
  ] as const) {
    await page.goto("/app/journal/new");
    await page.getByLabel("Symbol").fill(symbol);
    await page.getByLabel("Direction").selectOption("long");
    await page.getByLabel("Quantity").fill("10");
    await page.getByLabel("Entry price").fill("100");
    await page.getByLabel("Entry time").fill(`${day}T09:45:00`);
    await page.getByLabel("Exit price").fill(exit);
    await page.getByLabel("Exit time").fill(`${day}T10:15:00`);
    await page.getByRole("button", { name: "Save trade" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${symbol} · long · closed`);
  }
  await page.goto("/app/analytics?month=2026-03");
  const curve = page.getByRole("group", { name: /Cumulative net P&L after each closed trade/ });
  // Daily ticks over these three days.
  await expect(curve.locator(".tc-chart__tick text")).toHaveText(["3 Mar", "4 Mar"]);
  const second = curve.getByRole("img", { name: /^Trade 2, closed 4 Mar 2026: -\$21\.00, cumulative \+\$22\.00$/ });
  await expect(second.locator(".tc-readout")).toBeHidden();
  await second.focus();
  await expect(second.locator(".tc-readout")).toBeVisible();
  await expect(second.locator(".tc-readout")).toContainText("-$21.00 · total +$22.00");

  // Daily net P&L bars and the distributions of trade P&L and R multiples.
  await expect(page.getByRole("img", { name: /March 2026: net P&L of each day/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /Closed trades by net P&L/ })).toBeVisible();
  await page.getByText("Closed trades by net P&L as a table").click();
  const bands = page.getByRole("table", { name: "Closed trades by net P&L" });
  await expect(bands.getByRole("row").filter({ hasText: "1 trade" })).toHaveCount(2);

  const calendar = page.getByRole("table", { name: "March 2026: net P&L by day" });
  await expect(calendar.getByRole("columnheader", { name: "Week" })).toBeVisible();
  const week = calendar.getByRole("row").filter({ has: page.locator('time[datetime="2026-03-02"]') });
  await expect(week.locator(".tc-heat--week .tc-heat__pnl--full")).toHaveText("+$22.00");
  await expect(week.locator(".tc-heat--week")).toHaveClass(/tc-pnl--gain/);
  await expectNoA11yViolations(page);
});
