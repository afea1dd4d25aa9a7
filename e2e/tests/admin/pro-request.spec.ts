import type { Browser } from "@playwright/test";
import { expect, test } from "../../fixtures/test.ts";
import { ADMIN } from "../../fixtures/accounts.ts";
import { signInAdmin } from "../../fixtures/admin.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { waitForEmail } from "../../fixtures/mailbox.ts";
import { signUp } from "../../fixtures/members.ts";
import { WEB_URL } from "../../ports.ts";

/** A new Free member signed in to the members' app, in a browser context of their own. */
async function newMember(browser: Browser) {
  const context = await browser.newContext({ baseURL: WEB_URL });
  const page = await context.newPage();
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const name = `Rosa Request ${suffix}`;
  const email = `pro-request-${suffix}@example.test`;
  await signUp(page, email, name);
  return { context, page, name, email };
}

test("a member requests Pro and sees it waiting; the admins are mailed; an admin approves and the member is Pro", async ({
  page,
  browser,
}) => {
  const member = await newMember(browser);
  const sentAt = new Date();
  await member.page.goto("/app/settings/plan");
  await expect(member.page.getByRole("heading", { level: 1, name: "Your plan" })).toBeVisible();
  await member.page
    .getByLabel("Message to the admins (optional)")
    .fill("I journal every trade and want the longer coach.");
  await member.page.getByRole("button", { name: "Request Pro" }).click();
  await expect(member.page.getByText("Your request was sent.")).toBeVisible();
  await expect(member.page.getByText(/Requested on \d{1,2} \w{3} \d{4}/)).toBeVisible();
  await expect(member.page.getByText("— waiting for an admin.")).toBeVisible();
  await expect(member.page.getByRole("button", { name: "Request Pro" })).toHaveCount(0);
  await expectNoA11yViolations(member.page);

  await signInAdmin(page);
  await expect(page.getByText("Pro requests waiting", { exact: true })).toBeVisible();
  await expect(page.getByRole("table", { name: /Pro requests waiting for a decision/ })).toContainText(member.email);
  await expectNoA11yViolations(page);
  await page.getByRole("link", { name: member.name }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(member.name);
  const memberPath = new URL(page.url()).pathname;
  const waiting = page.getByRole("region", { name: "Pro request waiting" });
  await expect(waiting).toContainText("I journal every trade and want the longer coach.");
  await expectNoA11yViolations(page);

  // Every admin was mailed a link to this page.
  const { mail } = await waitForEmail({
    to: ADMIN.email,
    subject: new RegExp(`${member.name} asks to move to Pro`),
    after: sentAt,
    path: memberPath,
  });
  expect(mail.text).toContain(member.email);

  await waiting.getByRole("button", { name: "Approve Pro request" }).click();
  await expect(page.getByRole("status")).toHaveText("Request approved: the member is now on PRO.");
  await expect(page.getByRole("region", { name: "Pro request waiting" })).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Recent activity (UTC)" })).toContainText("admin.pro_request.approved");

  await member.page.reload();
  await expect(member.page.getByText(/You are on the\s+Pro\s+plan/)).toBeVisible();
  await expect(member.page.getByText(/Your request for Pro was approved on/)).toBeVisible();
  await member.context.close();
});

test("a member cancels a waiting request and can ask again", async ({ browser }) => {
  const member = await newMember(browser);
  await member.page.goto("/app/settings/plan");
  await member.page.getByRole("button", { name: "Request Pro" }).click();
  await expect(member.page.getByText("— waiting for an admin.")).toBeVisible();
  await member.page.getByRole("button", { name: "Cancel my request" }).click();
  await expect(member.page.getByText("Your request was cancelled.")).toBeVisible();
  await expect(member.page.getByRole("button", { name: "Request Pro" })).toBeVisible();
  await member.context.close();
});
