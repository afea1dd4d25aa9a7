import { expect, test } from "../../fixtures/test.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { signUp } from "../../fixtures/members.ts";
import { WEB_URL } from "../../ports.ts";

test.beforeEach(async ({ page }) => {
  await signUp(
    page,
    `profile-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.test`,
    "Pat Profile",
  );
});

test("a member edits name, bio, time zone and coach style, and they stick", async ({ page }) => {
  await page.getByRole("link", { name: "Profile" }).click();
  await expect(page.getByLabel("Time zone")).toHaveValue("UTC");
  await expect(page.getByLabel("Coach style")).toHaveValue("concise");
  await expectNoA11yViolations(page);

  await page.getByLabel("Name").fill("Pat the Scalper");
  await page.getByLabel("Bio").fill("ES futures, opening range.\nTwo trades a day.");
  await page.getByLabel("Time zone").selectOption("America/Chicago");
  await page.getByLabel("Coach style").selectOption("detailed");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("status")).toHaveText("Your profile was saved.");

  await page.reload();
  await expect(page.getByLabel("Name")).toHaveValue("Pat the Scalper");
  await expect(page.getByLabel("Bio")).toHaveValue("ES futures, opening range.\nTwo trades a day.");
  await expect(page.getByLabel("Time zone")).toHaveValue("America/Chicago");
  await expect(page.getByLabel("Coach style")).toHaveValue("detailed");
  await page.goto("/app");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Pat the Scalper");
});

test("bad values are refused field by field and nothing is saved", async ({ page }) => {
  const response = await page.request.post("/app/settings/profile", {
    form: { displayName: "", bio: "x".repeat(501), timeZone: "Mars/Olympus", coachStyle: "shouty" },
    headers: { Origin: WEB_URL },
  });
  // The page a browser without JavaScript gets back: each field's own message.
  expect(response.status()).toBe(400);
  const html = await response.text();
  for (const message of [
    "Tell us what to call you",
    "Keep your bio to 500 characters",
    "Not a known IANA time zone",
    "Choose concise or detailed",
  ]) {
    expect(html).toContain(message);
  }
  await page.goto("/app/settings/profile");
  await expect(page.getByLabel("Name")).toHaveValue("Pat Profile");
  await expect(page.getByLabel("Time zone")).toHaveValue("UTC");
});
