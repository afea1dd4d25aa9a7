import { expect, type Page, test } from "../../fixtures/test.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { addClosedTrade } from "../../fixtures/journal.ts";
import { signUp, uniqueEmail } from "../../fixtures/members.ts";

async function newMember(page: Page) {
  await signUp(page, uniqueEmail("analytics"), "Ana Lytics");
  // The member's days are New York's.
  await page.goto("/app/settings/profile");
  await page.getByLabel("Time zone").selectOption("America/New_York");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("status")).toHaveText("Your profile was saved.");
}

test("two trades: the equity curve, the calendar day in the member's zone, breakdowns, definitions", async ({
  page,
  browser,
}) => {
  test.slow(); // a long journey
  await newMember(page);
  await page.goto("/app/journal/new");
  await page.getByLabel("Account name").fill("Main");
  await page.getByRole("button", { name: "Create account" }).click();
  // The account exists once the trade form shows (a goto before that would cancel the post).
  await expect(page.getByLabel("Symbol")).toBeVisible();
  // +43.00 on Monday morning; −21.00 at 23:30 on Monday night in New York (Tuesday in UTC).
  await addClosedTrade(page, {
    symbol: "NVDA",
    direction: "long",
    quantity: "10",
    entryPrice: "100",
    entryAt: "2026-03-02T09:45:00",
    exitPrice: "104.5",
    exitAt: "2026-03-02T10:15:00",
    fees: "2",
  });
  await addClosedTrade(page, {
    symbol: "AMD",
    direction: "short",
    quantity: "5",
    entryPrice: "150",
    entryAt: "2026-03-02T23:30:00",
    exitPrice: "154",
    exitAt: "2026-03-02T23:50:00",
    fees: "1",
  });

  // April, then back to March through the calendar's link.
  await page.goto("/app/analytics?month=2026-04");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Analytics");
  await page.getByRole("link", { name: "← March 2026" }).click();
  await expect(page).toHaveURL(/month=2026-03/);
  await expect(page.getByRole("definition").filter({ hasText: "+$22.00" }).first()).toBeVisible();

  // The definitions show on focus, as the term's description.
  await page.getByRole("button", { name: "Profit factor" }).focus();
  await expect(page.getByRole("tooltip").filter({ hasText: "∞ without losses" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Profit factor" })).toHaveAccessibleDescription(
    /Sum of the net P&L of wins/,
  );
  await page.keyboard.press("Escape");
  await expect(page.getByRole("tooltip").filter({ hasText: "∞ without losses" })).toBeHidden();

  // The equity curve: an image with a description, and its table.
  await expect(page.getByRole("group", { name: /Cumulative net P&L after each closed trade/ })).toBeVisible();
  await page.getByText("The equity curve as a table").click();
  const curve = page.getByRole("table", { name: /Equity curve: 2 trades/ });
  await expect(curve.getByRole("row")).toHaveCount(3);
  await expect(curve.getByRole("row").nth(1)).toContainText("+$43.00");
  await expect(curve.getByRole("row").nth(2)).toContainText(/-\$21\.00.*\+\$22\.00.*-\$21\.00/);

  // Both trades closed on Monday 2 March in New York, so that day holds +$22.00.
  const day = page.locator("td.tc-heat", { has: page.locator('time[datetime="2026-03-02"]') });
  await expect(day).toContainText("+$22.00");
  await expect(day).toContainText("2 trades");
  await expect(day).toHaveClass(/tc-heat--gain-/);
  await expect(page.locator("td.tc-heat", { has: page.locator('time[datetime="2026-03-03"]') })).toContainText(
    "no trades",
  );
  await page.getByText("The days with trades as a table").click();
  const days = page.getByRole("table", { name: "March 2026: net P&L by day: days with trades" });
  await expect(days.getByRole("row")).toHaveCount(2);
  await expect(days.getByRole("row").nth(1)).toHaveText(/Monday,? 2 March 2026\s*2\s*\+\$22\.00/);

  await expect(page.getByRole("table", { name: /by symbol/ }).getByRole("row", { name: /NVDA/ })).toContainText(
    "+$43.00",
  );
  await page.getByLabel("Break down by").selectOption("weekday");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/by=weekday/);
  await expect(page).toHaveURL(/month=2026-03/);
  const weekdays = page.getByRole("table", { name: /by weekday of entry \(America\/New_York\)/ });
  await expect(weekdays.getByRole("row")).toHaveCount(2);
  await expect(weekdays.getByRole("row").nth(1)).toContainText(/Mon\s*2\s*1 · 1 · 0\s*50\.0%\s*\+\$22\.00/);
  await page.getByText("The equity curve as a table").click();
  await page.getByText("The days with trades as a table").click();
  await expectNoA11yViolations(page);

  // Without JavaScript: filters and the breakdown are plain GET forms.
  const noJs = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  const plain = await noJs.newPage();
  await plain.goto(page.url());
  await plain.getByLabel("Symbol").fill("AMD");
  await plain.getByRole("button", { name: "Filter" }).click();
  await expect(plain).toHaveURL(/symbol=AMD/);
  await expect(plain).toHaveURL(/by=weekday/);
  await expect(plain.getByRole("definition").filter({ hasText: "-$21.00" }).first()).toBeVisible();
  await plain.getByLabel("Break down by").selectOption("hour");
  await plain.getByRole("button", { name: "Show" }).click();
  await expect(plain).toHaveURL(/symbol=AMD/);
  await expect(
    plain
      .getByRole("table", { name: /by hour of entry/ })
      .getByRole("row")
      .nth(1),
  ).toContainText("23:00–00:00");
  await noJs.close();
});
