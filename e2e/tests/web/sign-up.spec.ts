import type { APIResponse } from "@playwright/test";
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

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a visitor creates an account, is told to check their email, and signs in to their home", async ({ page }) => {
  const email = uniqueEmail();
  await page.goto("/");
  await page.getByRole("link", { name: "Create your free account" }).click();
  await expect(page).toHaveURL(`${WEB_URL}/signup`);
  await expectNoA11yViolations(page);
  await fillSignup(page, { name: "Riley Swing", email, password: STRONG });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email");
  await expect(page.getByRole("status")).toHaveText(
    new RegExp(`^Check your email: we have sent a message to ${email.replace(/[.+]/g, "\\$&")}`),
  );
  await expectNoA11yViolations(page);
  // Nobody is signed in by a sign-up.
  expect((await page.context().cookies()).find((c) => c.name === "tc_session")).toBeUndefined();
  await page.getByRole("link", { name: "sign in", exact: true }).click();
  await signIn(page, email, STRONG);
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
  await expect(page.locator("#password-error")).toHaveText("Use at least 12 characters.");
});

test("an email already registered, in any letter case, gets the very answer a new one gets", async ({ request }) => {
  const post = (email: string) =>
    request.post("/signup", {
      form: { displayName: "Copycat", email, password: STRONG },
      headers: { Origin: WEB_URL },
      maxRedirects: 0,
    });
  const freshEmail = uniqueEmail();
  const taken = await post(MEMBER.email.toUpperCase());
  const fresh = await post(freshEmail);
  expect([taken.status(), fresh.status()]).toEqual([200, 200]);
  expect(taken.headers()["set-cookie"]).toBeUndefined();
  expect(fresh.headers()["set-cookie"]).toBeUndefined();
  // The same page, apart from the address typed and what differs in every response (nonce, request id).
  const normalised = async (response: APIResponse, email: string) =>
    (await response.text())
      .replaceAll(email, "EMAIL")
      .replace(/nonce="[^"]*"/g, "")
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "ID");
  const takenPage = await normalised(taken, MEMBER.email);
  expect(takenPage).toContain("Check your email: we have sent a message to EMAIL");
  expect(takenPage).toBe(await normalised(fresh, freshEmail));
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the sign-up form works", async ({ page }) => {
    await page.goto("/signup");
    const email = uniqueEmail();
    await fillSignup(page, { name: "No Script", email, password: STRONG });
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email");
    await signIn(page, email, STRONG);
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
