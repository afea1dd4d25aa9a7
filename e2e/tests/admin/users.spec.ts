import type { Browser } from "@playwright/test";
import { expect, type Page, test } from "../../fixtures/test.ts";
import { ADMIN } from "../../fixtures/accounts.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { ADMIN_URL, WEB_URL } from "../../ports.ts";

async function signInAdmin(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${ADMIN_URL}/`);
}

async function newMember(browser: Browser) {
  const context = await browser.newContext({ baseURL: WEB_URL });
  const page = await context.newPage();
  const email = `tiered-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.test`;
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Tiered Trader");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("violet tractor sings under copper rain");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Free member")).toBeVisible();
  return { context, page, email };
}

test("an admin upgrades a member to PRO and the member sees it; the audit log records who did it", async ({ page, browser }) => {
  const member = await newMember(browser);
  await signInAdmin(page);

  await page.getByRole("link", { name: "Users" }).click();
  await page.getByLabel("Search by email or name").fill(member.email);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(2);
  await expectNoA11yViolations(page);
  await page.getByRole("link", { name: "Tiered Trader" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tiered Trader");
  await expectNoA11yViolations(page);

  await page.getByRole("button", { name: "Upgrade to PRO" }).click();
  await expect(page.getByRole("status")).toHaveText("Tier changed to PRO.");
  await member.page.reload();
  await expect(member.page.getByText("Pro member")).toBeVisible();

  await page.getByRole("button", { name: "Revoke all sessions" }).click();
  await expect(page.getByRole("status")).toHaveText("Signed out of 1 session.");
  await member.page.reload();
  await expect(member.page).toHaveURL(/\/login/);

  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByLabel("Action starts with").fill("admin.user");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("cell", { name: '{"tier":"PRO"}' }).first()).toBeVisible();
  await expectNoA11yViolations(page);
  await member.context.close();
});

test("an admin locks and unlocks an account", async ({ page, browser }) => {
  const member = await newMember(browser);
  await signInAdmin(page);
  await page.goto(`/users?q=${encodeURIComponent(member.email)}`);
  await page.getByRole("link", { name: "Tiered Trader" }).click();
  await page.getByRole("button", { name: "Lock account" }).click();
  await expect(page.getByRole("status")).toHaveText("Account locked and signed out everywhere.");

  await member.page.goto("/login");
  await member.page.getByLabel("Email").fill(member.email);
  await member.page.getByLabel("Password").fill("violet tractor sings under copper rain");
  await member.page.getByRole("button", { name: "Sign in" }).click();
  await expect(member.page.getByRole("alert")).toContainText("locked");

  await page.getByRole("button", { name: "Unlock account" }).click();
  await expect(page.getByRole("status")).toHaveText("Account unlocked.");
  await member.page.getByLabel("Password").fill("violet tractor sings under copper rain");
  await member.page.getByRole("button", { name: "Sign in" }).click();
  await expect(member.page).toHaveURL(`${WEB_URL}/app`);
  await member.context.close();
});

test("an unknown user id is a 404 page, and members never reach admin pages", async ({ page, request }) => {
  await signInAdmin(page);
  const response = await page.goto("/users/no-such-user");
  expect(response?.status()).toBe(404);
  const anonymous = await request.get("/users", { maxRedirects: 0 });
  expect(anonymous.status()).toBe(302);
});
