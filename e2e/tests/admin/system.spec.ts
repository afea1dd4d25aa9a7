// The admin's system page (issue 16): the running instances, each dependency's readiness, the job
// queues; it refreshes itself without a reload, and reads the same without JavaScript.
import { expect, test } from "../../fixtures/test.ts";
import { signInAdmin } from "../../fixtures/admin.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";

const withRedis = !!process.env.REDIS_URL;

test("an admin sees the instances, readiness and job queues, refreshed without a reload", async ({ page }) => {
  await signInAdmin(page);
  await page.getByRole("link", { name: "System" }).click();
  await expect(page).toHaveURL(/\/system$/);
  await expect(page.getByRole("heading", { name: "System", level: 1 })).toBeVisible();

  const instances = page.getByRole("table", { name: /running instance/ });
  const admin = instances.getByRole("row").filter({ hasText: "(this page)" });
  await expect(admin.getByRole("cell").nth(1)).toHaveText("admin");
  await expect(admin.getByRole("cell").nth(2)).toHaveText(/^\d+\.\d+\.\d+/);
  // Both apps heartbeat into the shared Redis, so the members' app is listed beside this one.
  const web = instances.getByRole("row").filter({ has: page.getByRole("cell", { name: "web", exact: true }) });
  if (withRedis) await expect(web.first()).toBeVisible();

  const readiness = page.getByRole("table", { name: /^Checked from this admin instance/ });
  for (const [name, status] of [
    ["PostgreSQL", "Ready"],
    ["SMTP", "Ready"],
    ["OpenAI", "Ready"],
    ["Redis", withRedis ? "Ready" : "Not configured"],
    ["Market: simulated", "Ready"],
  ]) {
    const row = readiness.getByRole("row").filter({ has: page.getByRole("cell", { name, exact: true }) });
    await expect(row.getByRole("cell").nth(1), name).toHaveText(status!);
  }
  await expect(readiness.getByRole("row").filter({ hasText: "PostgreSQL" }).getByRole("cell").nth(2)).toHaveText(
    /^\d+ ms$/,
  );

  const queues = page.getByRole("table", { name: /^Jobs by queue/ });
  for (const queue of ["email-deliver", "maintenance", "notification-digest"]) {
    await expect(queues.getByRole("row").filter({ hasText: queue })).toHaveCount(1);
  }
  await expect(page.getByRole("table", { name: /^Scheduled jobs/ }).getByRole("row")).not.toHaveCount(1);
  await expect(page.getByRole("table", { name: /^Failed jobs/ })).toBeVisible();
  await expectNoA11yViolations(page);

  // Fresh figures arrive by themselves: the data's time moves on, the page is the same document.
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  const updated = page.getByTestId("updated");
  await expect(updated).toContainText("refreshed every 5 s");
  const first = (await updated.textContent())!.match(/Figures from (\S+)/)![1];
  await expect(updated).not.toContainText(`Figures from ${first}`, { timeout: 15_000 });
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the system page renders its tables from the server", async ({ page }) => {
    await signInAdmin(page);
    await page.goto("/system");
    await expect(page.getByRole("table", { name: /running instance/ })).toContainText("admin");
    await expect(page.getByRole("table", { name: /^Checked from this admin instance/ })).toContainText("PostgreSQL");
    await expect(page.getByRole("table", { name: /^Jobs by queue/ })).toContainText("email-deliver");
    await expect(page.getByTestId("updated")).toContainText("reload the page for newer ones");
    // axe runs in the page's JavaScript, so the page is checked in the test above instead.
  });
});
