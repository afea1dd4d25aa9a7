import type { Browser } from "@playwright/test";
import { expect, test } from "../../fixtures/test.ts";
import { signInAdmin } from "../../fixtures/admin.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { waitForEmail } from "../../fixtures/mailbox.ts";
import { ADMIN_URL, WEB_URL } from "../../ports.ts";

async function newMember(browser: Browser) {
  const context = await browser.newContext({ baseURL: WEB_URL });
  const page = await context.newPage();
  const email = `tiered-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.test`;
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Tiered Trader");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("violet tractor sings under copper rain");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email");
  await page.request.post("/login", {
    form: { email, password: "violet tractor sings under copper rain" },
    headers: { Origin: WEB_URL },
    maxRedirects: 0,
  });
  await page.goto("/app");
  await expect(page.getByText("Free member")).toBeVisible();
  return { context, page, email };
}

test("an admin upgrades a member to PRO and the member sees it; the audit log records who did it", async ({
  page,
  browser,
}) => {
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
  await page.getByRole("button", { name: "Yes, revoke all sessions" }).click();
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
  await page.getByRole("button", { name: "Yes, lock the account" }).click();
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

test("an admin sends a member a password reset; the member resets with it and the outbox shows the emails", async ({
  page,
  browser,
}) => {
  test.slow(); // a long journey that waits for background email delivery
  const member = await newMember(browser);
  await signInAdmin(page);
  await page.goto(`/users?${new URLSearchParams({ q: member.email })}`);
  await page.getByRole("link", { name: "Tiered Trader" }).click();
  const sentAt = new Date();
  await page.getByRole("button", { name: "Send a password reset email" }).click();
  await expect(page.getByRole("status")).toHaveText(
    `We sent a password reset link to ${member.email}. It works for 1 hour.`,
  );

  const { link } = await waitForEmail({
    to: member.email,
    subject: /reset your tradecraft password/i,
    after: sentAt,
    path: "/reset-password",
  });
  await member.page.goto(link);
  await member.page.getByLabel("New password", { exact: true }).fill("amber kettle drifts over quiet harbour");
  await member.page.getByLabel("Confirm the new password").fill("amber kettle drifts over quiet harbour");
  await member.page.getByRole("button", { name: "Save my new password" }).click();
  await expect(member.page).toHaveURL(`${WEB_URL}/app?passwordReset=1`);

  await page.getByRole("link", { name: "Emails to this user" }).click();
  await expect(page).toHaveURL(`${ADMIN_URL}/outbox?${new URLSearchParams({ to: member.email })}`);
  const rows = page.getByRole("table").getByRole("row");
  // Sign-up's confirmation, the reset link and the "password changed" notice.
  await expect(rows).toHaveCount(4);
  await expect(page.getByRole("cell", { name: "password-changed" })).toBeVisible();
  // The notice may still be on its way: delivery is a background job.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("cell", { name: "Sent", exact: true })).toHaveCount(3, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await expectNoA11yViolations(page);

  await page.getByLabel("Status", { exact: true }).selectOption("FAILED");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/status=FAILED/);
  await expect(page.getByText("No emails match.")).toBeVisible();
  const bad = await page.goto("/outbox?status=BOGUS");
  expect(bad?.status()).toBe(400);
  await member.context.close();
});
