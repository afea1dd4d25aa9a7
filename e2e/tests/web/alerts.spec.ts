import { expect, type Page, test } from "../../fixtures/test.ts";
import { collectConsoleErrors, expectNoA11yViolations } from "../../fixtures/axe.ts";
import { waitForEmail } from "../../fixtures/mailbox.ts";
import { signUp, uniqueEmail } from "../../fixtures/members.ts";

async function screenshots(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
    // Nothing sideways on a phone.
    if (width === 390) expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const bell = (page: Page) => page.getByRole("link", { name: /^Notifications, / });

test("a member's alert fires on the live ticker: the bell counts it without a reload, the email arrives, the history shows it", async ({
  page,
}) => {
  test.slow(); // waits for the ticker (a poll every 5 s) and background email delivery
  const errors = collectConsoleErrors(page);
  const email = uniqueEmail("alerts");
  await signUp(page, email, "Alma Alert");
  await page.goto("/app/market/AAPL");
  await page.getByRole("link", { name: "Create an alert on AAPL" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Price alerts" })).toBeVisible();
  await expect(page.getByLabel("Symbol")).toHaveValue("AAPL");
  await expect(bell(page)).toHaveAccessibleName("Notifications, none unread");

  // A level that is not a number is refused beside its field; nothing is stored.
  await page.getByLabel("Condition").selectOption("above");
  await page.getByLabel("Price level").fill("lots");
  await page.getByRole("button", { name: "Create alert" }).click();
  await expect(page.locator("[data-error-summary]").getByRole("link")).toHaveText(["Enter a price"]);
  await expect(page.getByText("No alerts yet")).toBeVisible();
  await expectNoA11yViolations(page);

  // With JavaScript only the chosen condition's fields show.
  await page.getByLabel("Condition").selectOption("moving_up");
  await expect(page.getByLabel("Price level")).toHaveCount(0);
  await expect(page.getByLabel("By")).toBeVisible();
  await page.getByLabel("Condition").selectOption("above");

  // Any real price of AAPL is above 1: the next ticker poll (alert symbols are polled) fires it.
  const createdAt = new Date();
  await page.getByLabel("Price level").fill("1");
  await page.getByLabel("Message (optional)").fill("{{symbol}} is {{condition}}, now {{price}}");
  await page.getByRole("button", { name: "Create alert" }).click();
  await expect(page.getByText("The alert was created.")).toBeVisible();
  const row = page.getByRole("row", { name: /^AAPL above 1\.00/ });
  await expect(row).toContainText("Armed");

  // The bell counts it on this page, with no reload.
  await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread", { timeout: 30_000 });
  const { mail } = await waitForEmail({
    to: email,
    subject: /^AAPL above 1\.00 at /,
    after: createdAt,
    path: "/app/alerts",
  });
  expect(mail.text).toMatch(/AAPL is above 1\.00, now [\d.]+/);

  await page.reload();
  await expect(row).toContainText("Fired, done");
  await expect(page.getByRole("table", { name: "Recent firings" })).toContainText(/AAPL is above 1\.00, now [\d.]+/);
  await expectNoA11yViolations(page);
  await screenshots(page, "alerts-js");

  await bell(page).click();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  const item = page.getByRole("listitem").filter({ hasText: "AAPL above 1.00 at" });
  await expect(item).toContainText("Unread:");
  await expectNoA11yViolations(page);
  await screenshots(page, "notifications-js");
  await item.getByRole("button", { name: /^Open: AAPL above/ }).click();
  await expect(page).toHaveURL(/\/app\/alerts#alert-/);
  await expect(bell(page)).toHaveAccessibleName("Notifications, none unread");

  await page.goto("/app/settings/notifications");
  await expect(page.getByRole("group", { name: "Price alerts" }).getByLabel("Email")).toBeChecked();
  await expectNoA11yViolations(page);
  await screenshots(page, "notification-settings-js");
  await page.goto("/app/alerts");

  // Pause and resume, then delete (asks first).
  await page.getByLabel("Symbol").fill("aapl");
  await page.getByLabel("Condition").selectOption("below");
  await page.getByLabel("Price level").fill("1");
  await page.getByRole("button", { name: "Create alert" }).click();
  const below = page.getByRole("row", { name: /^AAPL below 1\.00/ });
  await below.getByRole("button", { name: "Pause the AAPL alert, below 1.00" }).click();
  await expect(below).toContainText("Paused");
  await below.getByRole("button", { name: "Resume the AAPL alert, below 1.00" }).click();
  await expect(below).toContainText("Armed");
  await below.getByRole("link", { name: "Delete the AAPL alert, below 1.00" }).click();
  await page.getByRole("button", { name: "Yes, delete the alert" }).click();
  await expect(page.getByText("The alert was deleted.")).toBeVisible();
  await expect(page.getByRole("row", { name: /^AAPL below/ })).toHaveCount(0);
  // The refused level was answered 400 on purpose; nothing else may fail.
  expect(errors.filter((e) => !/status of 400 \(Bad Request\)/.test(e))).toEqual([]);
});

test("without JavaScript: an alert is created, edited and paused; notification settings are saved; bad input is refused", async ({
  browser,
  page,
}) => {
  test.slow(); // many form round trips, and axe on three pages
  await signUp(page, uniqueEmail("alerts-nojs"), "Noor NoScript");
  const context = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  const plain = await context.newPage();
  await plain.goto("/app/alerts?symbol=MSFT");
  // Every field shows, each saying which conditions it is for.
  await expect(plain.getByText("For crossing, greater than and less than")).toBeVisible();
  await plain.getByLabel("Condition").selectOption("moving_down");
  await plain.getByLabel("By").fill("2.5");
  await plain.getByLabel("Minutes").fill("0");
  await plain.getByRole("button", { name: "Create alert" }).click();
  await expect(plain.locator("[data-error-summary]").getByRole("link")).toHaveText(["Enter at least 1 minute"]);
  await expect(plain.getByLabel("By")).toHaveValue("2.5");
  await plain.getByLabel("Minutes").fill("30");
  await plain.getByLabel("Expires (optional)").fill("2020-01-01T10:00");
  await plain.getByRole("button", { name: "Create alert" }).click();
  await expect(plain.locator("[data-error-summary]").getByRole("link")).toHaveText(["Choose an expiry in the future"]);
  await plain.getByLabel("Expires (optional)").fill("");
  await plain.getByRole("button", { name: "Create alert" }).click();
  await expect(plain.getByText("The alert was created.")).toBeVisible();
  const row = plain.getByRole("row", { name: /^MSFT moving down 2\.5% within 30 minutes/ });
  await row.getByRole("link", { name: /^Edit the MSFT alert/ }).click();
  await expect(plain.getByRole("heading", { name: "Edit the MSFT alert" })).toBeVisible();
  await plain.getByLabel("Condition").selectOption("crossing_down");
  await plain.getByLabel("Price level").fill("1,000.5");
  await plain.getByRole("button", { name: "Save and arm again" }).click();
  await expect(plain.getByText("The alert was saved.")).toBeVisible();
  const edited = plain.getByRole("row", { name: /^MSFT crossing down 1000\.50/ });
  await edited.getByRole("button", { name: /^Pause the MSFT alert/ }).click();
  await expect(edited).toContainText("Paused");
  // axe needs timers, which a page without JavaScript does not run: the same pages are checked with it in the test above.
  await screenshots(plain, "alerts-nojs");

  await plain.goto("/app/settings/notifications");
  const priceAlerts = plain.getByRole("group", { name: "Price alerts" });
  await expect(priceAlerts.getByLabel("Email")).toBeChecked();
  await priceAlerts.getByLabel("Email").uncheck();
  await plain.getByRole("button", { name: "Save choices" }).click();
  await expect(plain.getByText("Your choices were saved.")).toBeVisible();
  await expect(plain.getByRole("group", { name: "Price alerts" }).getByLabel("Email")).not.toBeChecked();
  // A webhook must be an https address (this stack runs in production mode).
  await plain.getByLabel("Address").fill("http://example.com/hook");
  await plain.getByRole("button", { name: "Add webhook" }).click();
  await expect(plain.locator("[data-error-summary]").getByRole("link")).toHaveText(["Enter an https:// address"]);
  await plain.getByLabel("Address").fill("https://127.0.0.1/hook");
  await plain.getByRole("button", { name: "Add webhook" }).click();
  await expect(plain.locator("[data-error-summary]").getByRole("link")).toHaveText([/private network/]);
  await screenshots(plain, "notification-settings-nojs");

  await plain.goto("/app/notifications");
  await expect(plain.getByText("When a price alert fires, it shows here at once.")).toBeVisible();
  await expect(plain.getByRole("link", { name: "Notifications, none unread" })).toBeVisible();
  await context.close();
});
