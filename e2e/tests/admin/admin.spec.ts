import { expect, test } from "@playwright/test";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";

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
    await expect(page.getByText("Enter your email address")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  });
});

test("the login form's error state passes axe", async ({ page }) => {
  await page.goto("/login");
  await page.waitForFunction(() => "__remixContext" in window);
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter your email address")).toBeVisible();
  await expect(page.getByText("Enter your password")).toBeVisible();
  await expectNoA11yViolations(page);
});

test("the admin app is never indexed", async ({ request }) => {
  const robots = await request.get("/robots.txt");
  expect(await robots.text()).toContain("Disallow: /");
  expect(robots.headers()["x-robots-tag"]).toBe("noindex, nofollow");
});
