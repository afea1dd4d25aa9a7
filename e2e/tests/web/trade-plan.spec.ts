import { expect, test } from "../../fixtures/test.ts";
import { collectConsoleErrors, expectNoA11yViolations } from "../../fixtures/axe.ts";
import { signUp, uniqueEmail } from "../../fixtures/members.ts";

test("a trade added with its stop, target, rating, emotions and mistakes shows its plan against what happened", async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await signUp(page, uniqueEmail("trade-plan"), "Petra Plan");
  await page.goto("/app/journal/new");
  await page.getByLabel("Account name").fill("Main");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Symbol")).toBeVisible();
  await page.getByLabel("Symbol").fill("msft");
  await page.getByLabel("Quantity").fill("10");
  await page.getByLabel("Entry price").fill("100");
  await page.getByLabel("Entry time").fill("2026-03-02T09:45:00");
  await page.getByLabel("Exit price").fill("107.5");
  await page.getByLabel("Exit time").fill("2026-03-02T11:15:00");
  await page.getByLabel("Stop loss").fill("95");
  await page.getByLabel("Take profit").fill("110");
  await page.getByLabel("Tags").fill("late entry");
  await page.getByLabel("Rating").selectOption("4");
  await page.getByLabel("Emotions").fill("calm, impatient");
  await page.getByLabel("Mistakes").fill("chased, moved stop");
  await page.getByRole("button", { name: "Save trade" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("MSFT · long · closed");
  const plan = page.getByRole("region", { name: "Plan" });
  // Risk 5 a share, target 10 away: +2R planned; out at 107.5: +1.50R realised.
  await expect(plan.getByRole("definition")).toHaveText([
    "95.00",
    "110.00",
    "+2.00R",
    "+1.50R",
    "—",
    "4 of 5",
    "calm, impatient",
    "chased, moved stop",
    "late entry",
  ]);
  // No excursions are recorded yet, so the section does not mention them.
  await expect(plan).not.toContainText("MFE");
  await expectNoA11yViolations(page);
  expect(errors).toEqual([]);
});
