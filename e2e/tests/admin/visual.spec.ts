// Visual regression (issue 13) of the admin app's users page at desktop and phone width; see
// tests/web/visual.spec.ts for how the images are kept and refreshed. The seeded accounts only
// (other specs add users as they run), and their last sign-in times masked.
import { expect, test } from "../../fixtures/test.ts";
import { ADMIN } from "../../fixtures/accounts.ts";
import { signInAdmin } from "../../fixtures/admin.ts";

test("how the admin's users page looks", async ({ page }) => {
  await signInAdmin(page);
  for (const size of [
    { name: "desktop", width: 1280, height: 800 },
    { name: "phone", width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    await page.goto("/users?q=tradecraft.test");
    await expect(page.getByRole("table")).toContainText(ADMIN.email);
    await page.evaluate(() => document.fonts.ready);
    await expect(page).toHaveScreenshot(`users-${size.name}.png`, {
      fullPage: true,
      mask: [page.locator("td:nth-child(6)")],
    });
  }
});
