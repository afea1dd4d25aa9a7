// Issue 13: destructive admin actions ask first (a two-step server flow, with or without
// JavaScript), and the audit log names the people next to their ids.
import type { Browser } from "@playwright/test";
import { expect, type Page, test } from "../../fixtures/test.ts";
import { ADMIN } from "../../fixtures/accounts.ts";
import { signInAdmin } from "../../fixtures/admin.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { WEB_URL } from "../../ports.ts";

const PASSWORD = "violet tractor sings under copper rain";

/** A new member, signed up through the form and signed in through the API. */
async function newMember(browser: Browser) {
  const context = await browser.newContext({ baseURL: WEB_URL });
  const page = await context.newPage();
  const email = `confirm-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.test`;
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Casey Confirm");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email");
  const response = await page.request.post("/login", {
    form: { email, password: PASSWORD },
    headers: { Origin: WEB_URL },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  return { context, page, email };
}

async function openMember(page: Page, email: string) {
  await page.goto(`/users?${new URLSearchParams({ q: email })}`);
  await page.getByRole("link", { name: "Casey Confirm" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Casey Confirm");
}

const facts = (page: Page, term: string) => page.locator(`dt:text-is("${term}") + dd`);

test("locking asks for confirmation first; cancelling changes nothing; the audit log names both people", async ({
  page,
  browser,
}) => {
  const member = await newMember(browser);
  await signInAdmin(page);
  await openMember(page, member.email);

  await page.getByRole("button", { name: "Lock account" }).click();
  const question = page.getByRole("heading", { name: `Confirm: lock ${member.email}?` });
  await expect(question).toBeVisible();
  await expect(page.locator(".tc-confirm")).toBeFocused();
  await expect(facts(page, "Locked")).toHaveText("No");
  await expectNoA11yViolations(page);

  await page.getByRole("link", { name: "Cancel" }).click();
  await expect(question).toHaveCount(0);
  await expect(facts(page, "Locked")).toHaveText("No");

  await page.getByRole("button", { name: "Lock account" }).click();
  await page.getByRole("button", { name: "Yes, lock the account" }).click();
  await expect(page.getByRole("status")).toHaveText("Account locked and signed out everywhere.");
  await expect(facts(page, "Locked")).toHaveText("Yes");

  // The audit log shows who did it to whom, by name and email beside the ids.
  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByLabel("Action starts with").fill("admin.user");
  await page.getByRole("button", { name: "Filter" }).click();
  const row = page.getByRole("row").filter({ hasText: member.email }).first();
  await expect(row).toContainText(ADMIN.email);
  await expect(row).toContainText(ADMIN.displayName);
  await expect(row.getByRole("link", { name: "Casey Confirm" })).toBeVisible();
  await expectNoA11yViolations(page);

  // On a phone the details and ids wrap: nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(row).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  const wrapOverflow = await page.locator(".tc-audit").evaluate((element) => element.scrollWidth - element.clientWidth);
  expect(wrapOverflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: test.info().outputPath("audit-phone.png"), fullPage: false });
  await member.context.close();
});

test("an audit filter too long is refused beside its field, not cut", async ({ page }) => {
  await signInAdmin(page);
  const action = `admin.${"x".repeat(100)}`;
  const response = await page.goto(`/audit?${new URLSearchParams({ action, from: "2026-02-30" })}`);
  expect(response?.status()).toBe(400);
  await expect(page.locator("[data-error-summary]").getByRole("link")).toHaveText([
    "Use at most 100 characters for the action",
    /^From must be a date like 2026-03-02/,
  ]);
  await expect(page.getByLabel("Action starts with")).toHaveValue(action);
  await expect(page.getByLabel("Action starts with")).toHaveAttribute("aria-invalid", "true");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("revoking all sessions and resetting usage need the confirm step; a bare POST is only asked", async ({
    page,
    browser,
  }) => {
    const member = await newMember(browser);
    await signInAdmin(page);
    await openMember(page, member.email);
    const userUrl = page.url();

    // A POST without confirm=yes (one click, or a forged form) only brings the question.
    await page.getByRole("button", { name: "Revoke all sessions" }).click();
    await expect(page.getByRole("heading", { name: `Confirm: revoke all sessions of ${member.email}?` })).toBeVisible();
    expect(await page.evaluate(() => document.activeElement?.classList.contains("tc-confirm"))).toBe(true);
    await member.page.goto("/app");
    await expect(member.page).toHaveURL(`${WEB_URL}/app`);

    await page.getByRole("button", { name: "Yes, revoke all sessions" }).click();
    await expect(page.getByRole("status")).toHaveText("Signed out of 1 session.");
    await member.page.reload();
    await expect(member.page).toHaveURL(/\/login/);

    await page.goto(userUrl);
    await page.getByLabel("What to reset").selectOption("gradings");
    await page.getByRole("button", { name: "Reset usage" }).click();
    await expect(
      page.getByRole("heading", { name: `Confirm: reset gradings usage of ${member.email}?` }),
    ).toBeVisible();
    await page.getByRole("button", { name: "Yes, reset usage" }).click();
    await expect(page.getByRole("status")).toHaveText(/^Usage reset \(\d+ counters? cleared\)\.$/);
    await member.context.close();
  });
});
