import { expect, test } from "../../fixtures/test.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { signUp, uniqueEmail } from "../../fixtures/members.ts";

test("a new member sees their AI allowances on the home page and what Pro includes", async ({ page }) => {
  await signUp(page, uniqueEmail("meter"), "Mia Meter");
  const usage = page.getByRole("region", { name: /AI usage/ });
  await expect(usage.getByText("Conversation 0/5 · Gradings 0/20")).toBeVisible();
  await expect(usage.getByRole("meter", { name: /Coach conversations/ })).toHaveAttribute(
    "aria-valuetext",
    "0 of 5 used",
  );
  await expect(usage.getByRole("meter", { name: /Trade gradings this month/ })).toHaveAttribute(
    "aria-valuetext",
    "0 of 20 used",
  );
  await expectNoA11yViolations(page);

  await usage.getByRole("link", { name: "See what Pro includes" }).click();
  await expect(page).toHaveURL(/\/app\/settings\/plan$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your plan");
  await expect(page.getByText("You are on the Free plan.")).toBeVisible();
  const plans = page.getByRole("table", { name: "AI allowances of the Free and Pro plans" });
  await expect(plans.getByRole("row", { name: /Messages per conversation/ })).toContainText("8");
  await expect(plans.getByRole("row", { name: /Messages per conversation/ })).toContainText("60");
  await expect(page.getByText(/request Pro below and a community admin moves your account to Pro/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Request Pro" })).toBeVisible();
  await expectNoA11yViolations(page);
});
