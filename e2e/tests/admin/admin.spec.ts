import { expect, test } from "../../fixtures/test.ts";
import { ADMIN, MEMBER } from "../../fixtures/accounts.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { ADMIN_URL } from "../../ports.ts";

test("the admin home requires an admin: visitors are sent to the login page", async ({ page }) => {
  const response = await page.goto("/");
  expect(new URL(page.url()).pathname).toBe("/login");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByLabel("Email")).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await expectNoA11yViolations(page);
});

test("the guard answers a plain HTTP redirect, so it works for any client", async ({ request }) => {
  const home = await request.get("/", { maxRedirects: 0 });
  expect(home.status()).toBe(302);
  expect(home.headers()["location"]).toBe("/login");
});

test.describe("login form without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("shows field errors inline when submitted empty", async ({ page }) => {
    await page.goto("/login");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("#email-error")).toHaveText("Enter your email address");
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  });
});

test("the login form's error state passes axe", async ({ page }) => {
  await page.goto("/login");
  await page.waitForFunction(() => "__remixContext" in window);
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#email-error")).toHaveText("Enter a valid email address");
  await expect(page.locator("#password-error")).toHaveText("Enter your password");
  await expectNoA11yViolations(page);
});

test("the admin app is never indexed", async ({ request }) => {
  const robots = await request.get("/robots.txt");
  expect(await robots.text()).toContain("Disallow: /");
  expect(robots.headers()["x-robots-tag"]).toBe("noindex, nofollow");
});

test("a member's valid credentials do not open the admin app", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(MEMBER.email);
  await page.getByLabel("Password").fill(MEMBER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("This account is not an admin.");
  expect((await page.context().cookies()).find((c) => c.name === "tc_admin_session")).toBeUndefined();
});

test("an admin signs in to the overview and signs out", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${ADMIN_URL}/`);
  await expect(page.getByRole("heading", { name: "Community overview" })).toBeVisible();
  // The two seeded admins (admin@ and admin2@tradecraft.test).
  await expect(page.getByText("Admins").locator("..")).toContainText("2");
  const cookie = (await page.context().cookies()).find((c) => c.name === "tc_admin_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: true });
  await expectNoA11yViolations(page);
  await page.getByRole("button", { name: /Sign out/ }).click();
  await expect(page).toHaveURL(`${ADMIN_URL}/login`);
});
