import { expect, type Page, test } from "../../fixtures/test.ts";
import { ADMIN } from "../../fixtures/accounts.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { signUp, uniqueEmail } from "../../fixtures/members.ts";
import { ADMIN_URL } from "../../ports.ts";

// A 390 × 844 phone (an iPhone 14's CSS pixels).
const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE });

async function addTrade(page: Page, t: { symbol: string; exitPrice: string; day: string }) {
  await page.goto("/app/journal/new");
  await page.getByLabel("Symbol").fill(t.symbol);
  await page.getByLabel("Direction").selectOption("long");
  await page.getByLabel("Quantity").fill("10");
  await page.getByLabel("Entry price").fill("100");
  await page.getByLabel("Entry time").fill(`${t.day}T09:45:00`);
  await page.getByLabel("Exit price").fill(t.exitPrice);
  await page.getByLabel("Exit time").fill(`${t.day}T10:15:00`);
  await page.getByRole("button", { name: "Save trade" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${t.symbol} · long · closed`);
}

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

test("on a phone: trade cards, a Filters disclosure, a Menu button without script, a calendar that fits, readable chart labels", async ({
  page,
  browser,
}) => {
  test.slow(); // a long journey
  await signUp(page, uniqueEmail("phone"), "Pat Phone");
  await page.goto("/app/journal/new");
  await page.getByLabel("Account name").fill("Main");
  await page.getByRole("button", { name: "Create account" }).click();
  // The account exists once the trade form shows (a goto before that would cancel the post).
  await expect(page.getByLabel("Symbol")).toBeVisible();
  await addTrade(page, { symbol: "NVDA", exitPrice: "104.3", day: "2026-03-02" });
  await addTrade(page, { symbol: "AMD", exitPrice: "97.9", day: "2026-03-10" });

  // The journal is a list of cards, not the wide table; each amount is signed and coloured by its sign.
  await page.goto("/app/journal");
  await expect(page.getByRole("table", { name: /Trades, newest first/ })).toBeHidden();
  const cards = page.getByRole("region", { name: /Trades, newest first/ }).getByRole("listitem");
  await expect(cards).toHaveCount(2);
  const gain = cards.filter({ hasText: "NVDA" });
  await expect(gain).toContainText(/long/i);
  await expect(gain).toContainText("2 Mar 2026");
  await expect(gain).toContainText("Grade —");
  await expect(gain.getByText("+$43.00")).toHaveCSS("color", "rgb(52, 211, 153)");
  await expect(cards.filter({ hasText: "AMD" }).getByText("-$21.00")).toHaveCSS("color", "rgb(248, 113, 113)");
  expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(PHONE.width);
  await expectNoA11yViolations(page);

  // The filters fold behind a disclosure that counts the active ones.
  await expect(page.getByLabel("Symbol")).toBeHidden();
  await page.getByText("Filters", { exact: true }).click();
  await page.getByLabel("Symbol").fill("NVDA");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/symbol=NVDA/);
  await expect(page.getByText("Filters (1)", { exact: true })).toBeVisible();
  await expect(cards).toHaveCount(1);

  // The calendar fits the screen (weekly totals included) and the equity curve's labels stay ≥ 12 px.
  await page.goto("/app/analytics?month=2026-03");
  const calendar = page.getByRole("table", { name: "March 2026: net P&L by day" });
  await expect(calendar).toBeVisible();
  await expect(calendar.getByRole("columnheader", { name: "Week" })).toBeVisible();
  await expect(calendar.getByRole("cell", { name: /Week total: \+43/ })).toBeVisible();
  expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(PHONE.width);
  const tick = page.locator("svg.tc-narrow-only .tc-chart__tick text").first();
  await expect(tick).toBeVisible();
  expect((await tick.evaluate((el) => el.getBoundingClientRect().height)) ?? 0).toBeGreaterThanOrEqual(12);
  const axisFont = await tick.evaluate((el) => {
    const svg = el.closest("svg")!;
    return (Number(svg.getAttribute("font-size")) * svg.getBoundingClientRect().width) / svg.viewBox.baseVal.width;
  });
  expect(axisFont).toBeGreaterThanOrEqual(12);
  await expectNoA11yViolations(page);
  await page.goto("/app");
  expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(PHONE.width);
  await expectNoA11yViolations(page);

  // Without JavaScript the Menu button still opens the navigation.
  const noScript = await browser.newContext({
    storageState: await page.context().storageState(),
    viewport: PHONE,
    javaScriptEnabled: false,
  });
  const plain = await noScript.newPage();
  await plain.goto("/app/journal");
  const nav = plain.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Analytics" })).toBeHidden();
  await plain.getByText("Menu", { exact: true }).click();
  await nav.getByRole("link", { name: "Analytics" }).click();
  await expect(plain.getByRole("heading", { level: 1 })).toHaveText("Analytics");
  await noScript.close();
});

test("on a phone the admin's user page does not scroll sideways", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: ADMIN_URL, viewport: PHONE });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${ADMIN_URL}/`);
  await page.goto("/users");
  await page.getByRole("table").getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 2, name: "Account" })).toBeVisible();
  expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(PHONE.width);
  await expectNoA11yViolations(page);
  await context.close();
});
