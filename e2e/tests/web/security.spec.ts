import { expect, type Page, test } from "../../fixtures/test.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { WEB_URL } from "../../ports.ts";

import { PASSWORD, signIn, signUp as signUpAs } from "../../fixtures/members.ts";

const signUp = (page: Page, email: string) => signUpAs(page, email, "Sam Sessions");

test("a member sees where they are signed in and signs another browser out", async ({ page, browser }) => {
  const email = `sessions-${Date.now().toString(36)}@example.test`;
  await signUp(page, email);
  const other = await browser.newContext({
    userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
  });
  const otherPage = await other.newPage();
  await signIn(otherPage, email);

  await page.getByRole("link", { name: "Security" }).click();
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(3); // header + 2 sessions
  await expect(page.getByText("this browser")).toHaveCount(1);
  await expect(page.getByRole("cell", { name: "Firefox 133 on Windows 10", exact: true })).toBeVisible();
  await expectNoA11yViolations(page);

  await page.getByRole("button", { name: /Sign out Firefox 133 on Windows 10/ }).click();
  await expect(page.getByRole("status")).toHaveText("That session was signed out.");
  await expect(rows).toHaveCount(2);

  await otherPage.goto(`${WEB_URL}/app`);
  await expect(otherPage).toHaveURL(/\/login\?redirectTo=%2Fapp$/);
  await other.close();
});

test("changing the password needs the current one and signs out every other session", async ({ page, browser }) => {
  const email = `password-${Date.now().toString(36)}@example.test`;
  await signUp(page, email);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, email);

  await page.goto("/app/settings/security");
  await page.getByLabel("Current password").fill("not my password at all");
  await page.getByLabel("New password").fill("amber kettle drifts over quiet harbour");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#currentPassword-error")).toHaveText("Your current password is not correct.");
  await expect(page.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password").fill("password1234");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#newPassword-error")).toContainText("too easy to guess");
  await expectNoA11yViolations(page);

  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password").fill("amber kettle drifts over quiet harbour");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toHaveText("Password changed. 1 other session was signed out.");

  await otherPage.goto(`${WEB_URL}/app`);
  await expect(otherPage).toHaveURL(/\/login/);
  await signIn(otherPage, email, "amber kettle drifts over quiet harbour");
  await other.close();
});

test("a member cannot sign out someone else's session", async ({ page, browser, request }) => {
  await signUp(page, `victim-${Date.now().toString(36)}@example.test`);
  // The victim's own page holds the id of their other sessions; sign in twice to see one.
  const victimEmail = `victim2-${Date.now().toString(36)}@example.test`;
  const victim = await browser.newContext();
  const victimPage = await victim.newPage();
  await signUp(victimPage, victimEmail);
  const victimOther = await browser.newContext();
  await signIn(await victimOther.newPage(), victimEmail);
  await victimPage.goto(`${WEB_URL}/app/settings/security`);
  const victimSessionId = await victimPage.locator('input[name="sessionId"]').first().inputValue();
  expect(victimSessionId).toMatch(/^[0-9a-f]{64}$/);

  const attempt = await page.request.post("/app/settings/security", {
    form: { intent: "revoke", sessionId: victimSessionId },
    headers: { Origin: WEB_URL },
  });
  expect(attempt.status()).toBe(404);
  await victimPage.reload();
  await expect(victimPage.getByRole("table").getByRole("row")).toHaveCount(3);

  const anonymous = await request.get("/app/settings/security", { maxRedirects: 0 });
  expect(anonymous.status()).toBe(302);
  await victim.close();
  await victimOther.close();
});
