import type { Browser } from "@playwright/test";
import { expect, test } from "../../fixtures/test.ts";
import { signInAdmin } from "../../fixtures/admin.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { signUp, uniqueEmail } from "../../fixtures/members.ts";
import { scriptOpenAi } from "../../fixtures/openai.ts";
import { WEB_URL } from "../../ports.ts";

/** A new member who has graded one trade (one unit of the monthly gradings), on their home page. */
async function memberWhoGraded(browser: Browser) {
  const context = await browser.newContext({ baseURL: WEB_URL });
  const page = await context.newPage();
  const email = uniqueEmail("usage");
  const token = `usage-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  await scriptOpenAi({
    match: token,
    toolCalls: [
      {
        name: "grade_trade",
        arguments: {
          grade: "B",
          score: 82,
          setupQuality: 80,
          riskManagement: 90,
          execution: 75,
          discipline: 85,
          psychology: 70,
          strengths: ["A stop before entry."],
          improvements: ["Hold to the target."],
          summary: "A planned trade.",
        },
      },
    ],
  });
  await signUp(page, email, "Uma Usage");
  await expect(page.getByText("Gradings 0/20")).toBeVisible();
  await page.goto("/app/journal/new");
  await page.getByLabel("Account name").fill("Main");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByLabel("Symbol").fill("NVDA");
  await page.getByLabel("Quantity").fill("5");
  await page.getByLabel("Entry price").fill("100");
  await page.getByLabel("Entry time").fill("2026-03-02T09:45:00");
  await page.getByLabel("Exit price").fill("103");
  await page.getByLabel("Exit time").fill("2026-03-02T10:45:00");
  await page.getByLabel("Stop loss").fill("98");
  await page.getByLabel("Notes").fill(`Usage journey. ${token}`);
  await page.getByRole("button", { name: "Save trade" }).click();
  await page.getByRole("region", { name: "Grade" }).getByRole("button", { name: "Grade this trade" }).click();
  await expect(page).toHaveURL(/graded=/);
  await page.goto("/app");
  await expect(page.getByText("Gradings 1/20")).toBeVisible();
  return { context, page, email };
}

test("an admin sees a member's AI usage, resets it (audited), and the member's meter starts afresh", async ({
  page,
  browser,
}) => {
  const member = await memberWhoGraded(browser);
  await signInAdmin(page);
  await page.goto(`/users?q=${encodeURIComponent(member.email)}`);
  await page.getByRole("link", { name: "Uma Usage" }).click();

  const usage = page.getByRole("region", { name: "AI usage" });
  await expect(usage.getByText(/^1 of 20 \(renews /)).toBeVisible();
  await expect(usage.getByText(/^0 of 5 \(renews /)).toBeVisible();
  await expectNoA11yViolations(page);

  await usage.getByLabel("What to reset").selectOption("gradings");
  await usage.getByRole("button", { name: "Reset usage" }).click();
  await page.getByRole("button", { name: "Yes, reset usage" }).click();
  await expect(page.getByRole("status")).toHaveText("Usage reset (1 counter cleared).");
  await expect(page.getByRole("region", { name: "AI usage" }).getByText(/^0 of 20 \(renews /)).toBeVisible();
  await expect(page.getByRole("cell", { name: "admin.usage.reset" })).toBeVisible();

  await member.page.reload();
  await expect(member.page.getByText("Gradings 0/20")).toBeVisible();

  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByLabel("Action starts with").fill("admin.usage");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("cell", { name: '{"kind":"gradings","counters":1}' }).first()).toBeVisible();
  await member.context.close();
});

test("the AI cost page shows the member's model call by day, model and member", async ({ page, browser }) => {
  const member = await memberWhoGraded(browser);
  await member.context.close();
  await signInAdmin(page);
  await page.getByRole("link", { name: "AI cost" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("AI usage and cost");
  await expect(page.getByRole("table", { name: /^By day, / })).toBeVisible();
  await expect(
    page.getByRole("table", { name: /^By model, / }).getByRole("cell", { name: "gpt-4o", exact: true }),
  ).toBeVisible();
  const row = page
    .getByRole("table", { name: /^By member, / })
    .getByRole("row")
    .filter({ hasText: member.email });
  await expect(row.getByRole("cell").nth(1)).toHaveText("1");
  await expect(row.getByRole("cell").last()).toHaveText(/^\$\d/);
  await expectNoA11yViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the AI cost page takes a date range and says which date is wrong", async ({ page }) => {
    await signInAdmin(page);
    await page.goto("/ai");
    await page.getByLabel("From (UTC date)").fill("2026-03-10");
    await page.getByLabel("To (UTC date, included)").fill("2026-03-01");
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(/from=2026-03-10&to=2026-03-01/);
    await expect(page.getByText("The end date is before the start date")).toBeVisible();
    await page.getByLabel("To (UTC date, included)").fill("2026-03-31");
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page.getByRole("table", { name: "By day, 2026-03-10 to 2026-03-31" })).toBeVisible();
    // axe runs in the page's JavaScript, so the page is checked in the test above instead.
  });
});
