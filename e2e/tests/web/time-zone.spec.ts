// Issue 13, time zone: a new member gets the browser's zone (or, without script, Accept-Language's
// region's); a member who never chose one is offered the browser's once on their home page.
import { expect, type Page, test } from "../../fixtures/test.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { waitForEmail } from "../../fixtures/mailbox.ts";
import { PASSWORD, signIn, uniqueEmail } from "../../fixtures/members.ts";
import { WEB_URL } from "../../ports.ts";

async function fillSignup(page: Page, name: string, email: string) {
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email");
}

test.describe("a browser in New York whose language names Britain", () => {
  // The browser's zone must win over Accept-Language's guess (en-GB → Europe/London).
  test.use({ timezoneId: "America/New_York", locale: "en-GB" });

  test("signs up, confirms, signs in, and its times are New York's", async ({ page }) => {
    test.slow(); // waits for background email delivery
    const email = uniqueEmail("new-york");
    const since = new Date();
    await page.goto("/signup");
    // Shown once the page's script has read the browser's zone into the form.
    await expect(page.getByText("Times will be shown in America/New York, your browser's time zone.")).toBeVisible();
    await expect(page.getByLabel("Time zone")).toHaveCount(0);
    await expectNoA11yViolations(page);
    await fillSignup(page, "Nia York", email);

    const { link, mail } = await waitForEmail({
      to: email,
      subject: /confirm your email/i,
      after: since,
      path: "/verify-email",
    });
    expect(mail.text).toContain("Your times and trading days are shown in the America/New_York time zone.");
    expect(mail.text).toContain(`You can change it in your profile: ${WEB_URL}/app/settings/profile`);
    await page.goto(link);
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await expect(page.getByRole("status").first()).toContainText("confirmed");

    await signIn(page, email);
    await expect(page.getByText("Times in America/New York")).toBeVisible();
    await expect(page.getByText(/^Times are shown in/)).toHaveCount(0);
    await page.goto("/app/settings/profile");
    await expect(page.getByLabel("Time zone")).toHaveValue("America/New_York");
  });

  test("a member who never chose a zone is offered the browser's once on their home page", async ({ page }) => {
    const email = uniqueEmail("offer");
    // A sign-up without the zone field and without a region in its language: UTC, unconfirmed,
    // as every member from before time zones were asked for.
    const created = await page.request.post("/signup", {
      form: { displayName: "Otto Fer", email, password: PASSWORD },
      headers: { "Accept-Language": "en" },
    });
    expect(created.status()).toBe(200);
    await signIn(page, email);
    const offer = page.getByRole("region", { name: "Times are shown in UTC. Use America/New York?" });
    await expect(offer).toBeVisible();
    await expect(page.getByText("Times in UTC")).toBeVisible();
    await expectNoA11yViolations(page);
    await offer.getByRole("button", { name: "Use America/New York" }).click();
    await expect(
      page.getByRole("status").filter({ hasText: "Times are now shown in America/New York." }),
    ).toBeVisible();
    await expect(page.getByText("Times in America/New York")).toBeVisible();
    await expect(offer).toHaveCount(0);
    await page.reload();
    await expect(page.getByText(/^Times are shown in/)).toHaveCount(0);
    await page.goto("/app/settings/profile");
    await expect(page.getByLabel("Time zone")).toHaveValue("America/New_York");
  });
});

test.describe("without JavaScript, in German", () => {
  // axe needs script in the page, so these pages are checked in the JavaScript tests only.
  test.use({ javaScriptEnabled: false, locale: "de-DE" });

  test("the sign-up form's zone select starts on Accept-Language's region, and the choice is stored", async ({
    page,
  }) => {
    const email = uniqueEmail("berlin");
    await page.goto("/signup");
    await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Berlin");
    await page.getByLabel("Time zone").selectOption("Europe/Vienna");
    await fillSignup(page, "Bea Wien", email);
    await signIn(page, email);
    await expect(page.getByText("Times in Europe/Vienna")).toBeVisible();
    await page.goto("/app/settings/profile");
    await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Vienna");
  });

  test("the home page's offer is a select that starts on Accept-Language's region", async ({ page }) => {
    const email = uniqueEmail("offer-nojs");
    await page.request.post("/signup", {
      form: { displayName: "Nora Script", email, password: PASSWORD },
      headers: { "Accept-Language": "en" },
    });
    await signIn(page, email);
    const offer = page.getByRole("region", { name: "Times are shown in UTC." });
    await expect(offer.getByLabel("Time zone")).toHaveValue("Europe/Berlin");
    await offer.getByRole("button", { name: "Keep UTC" }).click();
    await expect(page).toHaveURL(`${WEB_URL}/app`);
    await expect(page.getByText(/^Times are shown in/)).toHaveCount(0);
    await expect(page.getByText("Times in UTC")).toBeVisible();
  });
});
