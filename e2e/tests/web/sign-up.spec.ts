import { expect, type Page, test } from "../../fixtures/test.ts";
import { MEMBER } from "../../fixtures/accounts.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { WEB_URL } from "../../ports.ts";

const STRONG = "violet tractor sings under copper rain";
const uniqueEmail = () => `trader-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.test`;

async function fillSignup(page: Page, { name, email, password }: { name: string; email: string; password: string }) {
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
}

test("a visitor creates an account and lands signed in on their home", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Create your free account" }).click();
  await expect(page).toHaveURL(`${WEB_URL}/signup`);
  await expectNoA11yViolations(page);
  await fillSignup(page, { name: "Riley Swing", email: uniqueEmail(), password: STRONG });
  await expect(page).toHaveURL(`${WEB_URL}/app`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Riley Swing");
  await expect(page.getByText("Free member")).toBeVisible();
});

test("a weak or short password is refused with the reason, and the form keeps what was typed", async ({ page }) => {
  const email = uniqueEmail();
  await page.goto("/signup");
  await fillSignup(page, { name: "Riley Swing", email, password: "password1234" });
  // The server's reason, under the field (the strength meter may say it too).
  await expect(page.locator(".tc-field__error")).toContainText("too easy to guess");
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expectNoA11yViolations(page);
  await fillSignup(page, { name: "Riley Swing", email, password: "short" });
  await expect(page.getByText("Use at least 12 characters.", { exact: true })).toBeVisible();
});

test("an email already registered, in any letter case, is refused", async ({ page }) => {
  await page.goto("/signup");
  await fillSignup(page, { name: "Copycat", email: MEMBER.email.toUpperCase(), password: STRONG });
  await expect(page.getByRole("alert")).toContainText("An account with this email already exists");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the sign-up form works", async ({ page }) => {
    await page.goto("/signup");
    await fillSignup(page, { name: "No Script", email: uniqueEmail(), password: STRONG });
    await expect(page).toHaveURL(`${WEB_URL}/app`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, No Script");
  });
});

test("a bot that fills the honeypot gets no account", async ({ request }) => {
  const email = uniqueEmail();
  const response = await request.post("/signup", {
    form: { displayName: "Bot", email, password: STRONG, website: "https://spam.example" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(400);
  expect(response.headers()["set-cookie"]).toBeUndefined();
});
