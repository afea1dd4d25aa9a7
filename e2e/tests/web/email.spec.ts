import { expect, type Page, test } from "../../fixtures/test.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { waitForEmail } from "../../fixtures/mailbox.ts";
import { WEB_URL } from "../../ports.ts";

import { PASSWORD, signIn, signUp as signUpAs, uniqueEmail } from "../../fixtures/members.ts";

const NEW_PASSWORD = "amber kettle drifts over quiet harbour";
const signUp = (page: Page, email: string, name = "Jordan Mail") => signUpAs(page, email, name);

test("sign up, confirm the email from the message that arrived, sign out, sign in, sign another browser out", async ({
  page,
  browser,
}) => {
  test.slow(); // a long journey that waits for background email delivery
  const email = uniqueEmail("journey");
  const since = new Date();
  await signUp(page, email);
  const banner = page.getByRole("region", { name: "Email confirmation" });
  await expect(banner).toContainText(`we sent a link to ${email}`);
  await expectNoA11yViolations(page);

  const { link, mail } = await waitForEmail({
    to: email,
    subject: /confirm your email/i,
    after: since,
    path: "/verify-email",
  });
  expect(mail.text).toContain("Hi Jordan Mail,");
  await page.goto(link);
  await expectNoA11yViolations(page);
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page).toHaveURL(`${WEB_URL}/app?verified=1`);
  await expect(page.getByRole("status")).toHaveText("Your email is confirmed.");
  await expect(banner).toHaveCount(0);

  // The link worked once.
  await page.goto(link);
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page.getByRole("alert")).toContainText("already been used");

  await page.goto("/app");
  await page.getByRole("button", { name: "Sign out Jordan Mail" }).click();
  await expect(page).toHaveURL(`${WEB_URL}/`);
  await signIn(page, email);

  const other = await browser.newContext({
    userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
  });
  const otherPage = await other.newPage();
  await signIn(otherPage, email);
  await page.goto("/app/settings/security");
  await page.getByRole("button", { name: /Sign out Firefox 133 on Windows 10/ }).click();
  await expect(page.getByRole("status")).toHaveText("That session was signed out.");
  await otherPage.goto(`${WEB_URL}/app`);
  await expect(otherPage).toHaveURL(/\/login\?redirectTo=%2Fapp$/);
  await other.close();
});

test("the banner's resend sends a new link, at most 3 an hour", async ({ page }) => {
  test.slow(); // a long journey that waits for background email delivery
  const email = uniqueEmail("resend");
  await signUp(page, email);
  const resend = page
    .getByRole("region", { name: "Email confirmation" })
    .getByRole("button", { name: "Resend the link" });
  const before = new Date();
  await resend.click();
  await expect(page.getByRole("status")).toHaveText(`We sent a new link to ${email}. It works for 24 hours.`);
  await waitForEmail({ to: email, subject: /confirm your email/i, after: before, path: "/verify-email" });
  // Each resend is answered before the next click: a click during the previous navigation can be dropped.
  const answered = () =>
    page.waitForResponse((r) => r.url().includes("/app/verification") && r.request().method() === "POST");
  await Promise.all([answered(), resend.click()]);
  await Promise.all([answered(), resend.click()]);
  await resend.click();
  await expect(page).toHaveURL(`${WEB_URL}/app/verification`);
  await expect(page.getByRole("alert")).toContainText("Too many attempts");
  await expectNoA11yViolations(page);
});

test("forgot password, reset from the email: other sessions end, the old password stops working", async ({
  page,
  browser,
}) => {
  test.slow(); // a long journey that waits for background email delivery
  const email = uniqueEmail("reset");
  await signUp(page, email);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, email);

  const visitor = await browser.newContext();
  const forgot = await visitor.newPage();
  await forgot.goto(`${WEB_URL}/login`);
  await forgot.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(forgot).toHaveURL(`${WEB_URL}/forgot-password`);
  await expectNoA11yViolations(forgot);
  const requestedAt = new Date();
  await forgot.getByLabel("Email").fill(email);
  await forgot.getByRole("button", { name: "Send me a link" }).click();
  await expect(forgot.getByRole("status")).toContainText("If an account uses that email, we have sent it a link");

  const { link } = await waitForEmail({
    to: email,
    subject: /reset your tradecraft password/i,
    after: requestedAt,
    path: "/reset-password",
  });
  await forgot.goto(link);
  await expect(forgot.getByText(`For ${email}.`)).toBeVisible();
  await forgot.getByLabel("New password", { exact: true }).fill("password1234");
  await expect(forgot.getByText(/Weak|Too short/)).toBeVisible();
  await forgot.getByLabel("Confirm the new password").fill("password1234");
  await forgot.getByRole("button", { name: "Save my new password" }).click();
  await expect(forgot.locator(".tc-field__error")).toContainText("too easy to guess");
  await expectNoA11yViolations(forgot);

  const resetAt = new Date();
  await forgot.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await expect(forgot.getByText("Strong.")).toBeVisible();
  await forgot.getByLabel("Confirm the new password").fill(NEW_PASSWORD);
  await forgot.getByRole("button", { name: "Save my new password" }).click();
  await expect(forgot).toHaveURL(`${WEB_URL}/app?passwordReset=1`);
  await expect(forgot.getByRole("status")).toHaveText("Your password was changed. Every other device was signed out.");
  await waitForEmail({ to: email, subject: /password was changed/i, after: resetAt, path: "/forgot-password" });

  for (const old of [page, otherPage]) {
    await old.goto(`${WEB_URL}/app`);
    await expect(old).toHaveURL(/\/login\?redirectTo=%2Fapp$/);
  }
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("Email or password is incorrect");
  await signIn(page, email, NEW_PASSWORD);

  await forgot.goto(link);
  await expect(forgot.getByRole("alert")).toContainText("already been used");
  await expect(forgot.getByRole("link", { name: "Get a new link" })).toBeVisible();
  await other.close();
  await visitor.close();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("forgot password gives the same answer for an unknown email", async ({ page }) => {
    await page.goto("/forgot-password");
    await page.getByLabel("Email").fill(uniqueEmail("nobody"));
    await page.getByRole("button", { name: "Send me a link" }).click();
    await expect(page.getByRole("status")).toContainText("If an account uses that email, we have sent it a link");
  });

  test("a password reset works from the email", async ({ page }) => {
    test.slow(); // a long journey that waits for background email delivery
    const email = uniqueEmail("nojs-reset");
    await signUp(page, email);
    await page.goto("/app/settings/data"); // any page; then sign out
    await page.getByRole("button", { name: /Sign out/ }).click();
    const requestedAt = new Date();
    await page.goto("/forgot-password");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send me a link" }).click();
    const { link } = await waitForEmail({
      to: email,
      subject: /reset your tradecraft password/i,
      after: requestedAt,
      path: "/reset-password",
    });
    await page.goto(link);
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Confirm the new password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Save my new password" }).click();
    await expect(page).toHaveURL(`${WEB_URL}/app?passwordReset=1`);
  });

  test("an email change is confirmed from the new address and the member's data downloads as JSON", async ({
    page,
  }) => {
    test.slow(); // a long journey that waits for background email delivery
    const email = uniqueEmail("change");
    const newEmail = uniqueEmail("changed");
    await signUp(page, email, "Casey Change");
    await page.goto("/app/settings/profile");
    await page.getByLabel("New email").fill(newEmail);
    await page.getByLabel("Current password").fill(PASSWORD);
    const requestedAt = new Date();
    await page.getByRole("button", { name: "Change email" }).click();
    await expect(page.getByRole("status")).toContainText(`We sent a link to ${newEmail}`);
    const { link } = await waitForEmail({
      to: newEmail,
      subject: /confirm your new email/i,
      after: requestedAt,
      path: "/verify-email",
    });
    await page.goto(link);
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await expect(page).toHaveURL(`${WEB_URL}/app/settings/profile?emailChanged=1`);
    await expect(page.getByRole("status")).toHaveText(`Your email is now ${newEmail}.`);
    await waitForEmail({ to: email, subject: /email was changed/i, after: requestedAt, path: "/forgot-password" });

    await page.goto("/app/settings/data");
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download my data (JSON)" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^tradecraft-data-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(await (await import("node:fs/promises")).readFile((await file.path())!, "utf8")) as {
      account: { email: string; displayName: string };
    };
    expect(data.account).toMatchObject({ email: newEmail, displayName: "Casey Change" });
  });
});

test("a member deletes their account with their password; it is gone", async ({ page }) => {
  const email = uniqueEmail("delete");
  await signUp(page, email);
  await page.getByRole("link", { name: "Data" }).click();
  await expect(page).toHaveURL(`${WEB_URL}/app/settings/data`);
  await expectNoA11yViolations(page);
  await page.getByLabel("Password").fill("not the right one at all");
  await page.getByLabel("Type DELETE to confirm").fill("DELETE");
  await page.getByRole("button", { name: "Delete my account permanently" }).click();
  await expect(page.locator("#delete-password-error")).toHaveText("Your current password is not correct.");

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Delete my account permanently" }).click();
  await expect(page).toHaveURL(`${WEB_URL}/?deleted=1`);
  await expect(page.getByRole("status")).toHaveText(
    "Your account and its data were deleted. Thank you for trading with us.",
  );
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("Email or password is incorrect");
});

test("a reset or verification page opened without a valid link says what to do", async ({ page }) => {
  const reset = await page.goto("/reset-password?token=nope");
  expect(reset?.status()).toBe(400);
  await expect(page.getByRole("alert")).toContainText("This link is not valid");
  await expect(page.getByRole("link", { name: "Get a new link" })).toBeVisible();
  await expectNoA11yViolations(page);
  const verify = await page.goto("/verify-email");
  expect(verify?.status()).toBe(400);
  await expect(page.getByRole("alert")).toContainText("needs the link from your email");
});
