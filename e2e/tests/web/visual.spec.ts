// Visual regression (issue 13): the member's main pages at desktop and phone width, compared with
// the committed images in visual.spec.ts-snapshots/. The letters are Inter, served with the app,
// so a fresh machine draws the same glyphs; the threshold is in playwright.config.ts
// (expect.toHaveScreenshot). What depends on today's date (the current month's calendar and
// figures) is masked. After an intended change of look, refresh the images with
// `pnpm --filter @tradecraft/e2e e2e tests/web/visual.spec.ts --update-snapshots` and review them.
import { expect, type Page, test } from "../../fixtures/test.ts";
import { addClosedTrade } from "../../fixtures/journal.ts";
import { signUp } from "../../fixtures/members.ts";

const WIDTHS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** Waits for the page's letters, then compares it whole (below the fold too). */
async function expectPage(page: Page, name: string, mask: string[] = []) {
  await page.evaluate(() => document.fonts.ready);
  await expect(page).toHaveScreenshot(`${name}.png`, {
    fullPage: true,
    mask: mask.map((selector) => page.locator(selector)),
  });
}

test.describe("how the member's pages look", () => {
  test.describe.configure({ mode: "serial" });

  test("signed out: landing and sign-in", async ({ page }) => {
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      await page.goto("/");
      await expectPage(page, `landing-${size.name}`);
      await page.goto("/login");
      await expectPage(page, `login-${size.name}`);
    }
  });

  test("signed in: dashboard, journal, trade, analytics, coach", async ({ page }) => {
    test.slow();
    // One address (each run has a fresh database): the "confirm your email" banner reads the same every time.
    await signUp(page, "vera.visual@example.test", "Vera Visual");
    await page.goto("/app/journal/new");
    await page.getByLabel("Account name").fill("Main");
    await page.getByRole("button", { name: "Create account" }).click();
    // The account exists once the trade form shows (a goto before that would cancel the post).
    await expect(page.getByLabel("Symbol")).toBeVisible();
    const trade = await addClosedTrade(page, {
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
      entryAt: "2026-03-03T10:30:00",
      exitPrice: "154",
      exitAt: "2026-03-03T11:50:00",
      fees: "1",
    });
    await addClosedTrade(page, {
      symbol: "AAPL",
      direction: "long",
      quantity: "20",
      entryPrice: "190.25",
      entryAt: "2026-03-05T14:00:00",
      exitPrice: "192.1",
      exitAt: "2026-03-05T15:30:00",
      fees: "1.5",
    });
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      await page.goto("/app");
      await expectPage(page, `dashboard-${size.name}`, DATED);
      await page.goto("/app/journal");
      await expectPage(page, `journal-${size.name}`);
      await page.goto(trade);
      await expectPage(page, `trade-${size.name}`);
      await page.goto("/app/analytics?month=2026-03");
      await expectPage(page, `analytics-${size.name}`);
      await page.goto("/app/coach");
      await expectPage(page, `coach-${size.name}`);
    }
  });
});

/** What shows this month (the dashboard's month, its curve and calendar) changes with the date: masked. */
const DATED = [
  "section[aria-labelledby=month-heading]",
  "section[aria-labelledby=curve-heading]",
  "section[aria-labelledby=calendar-heading]",
];
