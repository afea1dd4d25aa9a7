import type { APIResponse } from "@playwright/test";
import { expect, type Page, test } from "../../fixtures/test.ts";
import { MEMBER } from "../../fixtures/accounts.ts";
import { collectConsoleErrors, expectNoA11yViolations } from "../../fixtures/axe.ts";
import { waitForEmail } from "../../fixtures/mailbox.ts";
import { PASSWORD, signUp, uniqueEmail } from "../../fixtures/members.ts";
import { WEB_URL } from "../../ports.ts";

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

const sessionCookie = async (page: Page) => (await page.context().cookies()).find((c) => c.name === "tc_session");

test("a member signs in, sees their home, and signs out", async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto("/login");
  await expectNoA11yViolations(page);
  await signIn(page, MEMBER.email, MEMBER.password);
  await expect(page).toHaveURL(`${WEB_URL}/app`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Welcome, ${MEMBER.displayName}`);
  await expectNoA11yViolations(page);

  const cookie = await sessionCookie(page);
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/", secure: true });
  expect(cookie!.value).toMatch(/^[a-z2-7]{32}$/);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${WEB_URL}/`);
  expect(await sessionCookie(page)).toBeUndefined();
  await page.goto("/app");
  await expect(page).toHaveURL(`${WEB_URL}/login?redirectTo=%2Fapp`);
  expect(errors).toEqual([]);
});

test("every sign-in starts a new session and the previous token stops working", async ({ page, browser }) => {
  await page.goto("/login");
  await signIn(page, MEMBER.email, MEMBER.password);
  await expect(page).toHaveURL(`${WEB_URL}/app`);
  const first = (await sessionCookie(page))!.value;

  await page.goto("/login?redirectTo=%2Fapp");
  // Signed-in visitors are sent on; sign in again from a page that still offers the form.
  await expect(page).toHaveURL(`${WEB_URL}/app`);
  const response = await page.request.post("/login", {
    form: { email: MEMBER.email, password: MEMBER.password, redirectTo: "/app" },
    headers: { Origin: WEB_URL },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  const second = (await sessionCookie(page))!.value;
  expect(second).not.toBe(first);

  const stale = await browser.newContext();
  await stale.addCookies([{ name: "tc_session", value: first, url: WEB_URL }]);
  const stalePage = await stale.newPage();
  await stalePage.goto(`${WEB_URL}/app`);
  await expect(stalePage).toHaveURL(/\/login\?redirectTo=/);
  await stale.close();
});

test("a wrong password and an unknown email get the same answer", async ({ page }) => {
  await page.goto("/login");
  await signIn(page, MEMBER.email, "not-the-password-at-all");
  await expect(page.getByRole("alert")).toContainText("Email or password is incorrect");
  await expect(page.getByLabel("Email")).toHaveValue(MEMBER.email);
  await signIn(page, "nobody-here@tradecraft.test", "not-the-password-at-all");
  await expect(page.getByRole("alert")).toContainText("Email or password is incorrect");
  await expectNoA11yViolations(page);
  expect(await sessionCookie(page)).toBeUndefined();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the sign-in form works and honours a same-site redirectTo", async ({ page }) => {
    await page.goto("/login?redirectTo=%2Fapp%3Ftab%3Dtoday");
    await signIn(page, MEMBER.email, MEMBER.password);
    await expect(page).toHaveURL(`${WEB_URL}/app?tab=today`);
  });

  test("a redirectTo with non-ASCII letters signs in and lands there, percent-encoded", async ({ page }) => {
    await page.goto(`/login?redirectTo=${encodeURIComponent("/app?tab=日本 café")}`);
    await signIn(page, MEMBER.email, MEMBER.password);
    await expect(page).toHaveURL(`${WEB_URL}/app?tab=%E6%97%A5%E6%9C%AC%20caf%C3%A9`);
    expect(await sessionCookie(page)).toBeDefined();
  });

  test("a redirectTo to another site is ignored", async ({ page }) => {
    await page.goto(`/login?redirectTo=${encodeURIComponent("https://evil.example/")}`);
    await signIn(page, MEMBER.email, MEMBER.password);
    await expect(page).toHaveURL(`${WEB_URL}/app`);
  });

  test("field errors show inline", async ({ page }) => {
    await page.goto("/login");
    await signIn(page, "not-an-email", "");
    await expect(page.locator("#email-error")).toHaveText("Enter a valid email address");
    await expect(page.locator("#password-error")).toHaveText("Enter your password");
  });
});

test("sign-out is POST only and cross-site POSTs are refused", async ({ request }) => {
  const get = await request.get("/logout");
  expect(get.status()).toBe(405);
  const crossSite = await request.post("/login", {
    form: { email: MEMBER.email, password: MEMBER.password },
    headers: { Origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(crossSite.status()).toBe(403);
  expect(crossSite.headers()["set-cookie"]).toBeUndefined();
});

test("repeated failed sign-ins are slowed down with 429 and Retry-After", async ({ page, request }) => {
  const email = `brute-${Date.now().toString(36)}@example.test`;
  for (let attempt = 1; attempt <= 5; attempt++) {
    const response = await request.post("/login", {
      form: { email, password: "wrong-password-guess" },
      maxRedirects: 0,
    });
    expect(response.status(), `attempt ${attempt}`).toBe(401);
  }
  const limited = await request.post("/login", { form: { email, password: "wrong-password-guess" }, maxRedirects: 0 });
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);

  await page.goto("/login");
  await signIn(page, email, "wrong-password-guess");
  await expect(page.getByRole("alert")).toContainText("Too many attempts");
  await expectNoA11yViolations(page);
});

test("ten failed sign-ins from one network lock it alike for a real and an unknown email; the owner's own browser still gets in, and the email's link unlocks", async ({
  page,
  request,
  browser,
}) => {
  test.slow(); // waits for background email delivery
  const hex = () => Math.floor(Math.random() * 0xffff).toString(16);
  const network = `2001:db8:${hex()}:${hex()}`; // one IPv6 /64: one source to the lockout
  let host = 0;
  const from = () => ({ "X-Forwarded-For": `${network}::${(++host).toString(16)}`, Origin: WEB_URL });
  const email = uniqueEmail("locked");
  const unknown = uniqueEmail("nobody");
  await signUp(page, email, "Lee Locked"); // this browser now knows the account (its device cookie)
  const since = new Date();

  const tryPassword = (address: string, password: string) =>
    request.post("/login", { form: { email: address, password }, headers: from(), maxRedirects: 0 });
  for (const address of [email, unknown]) {
    for (let i = 0; i < 10; i++) expect((await tryPassword(address, `wrong guess ${i}`)).status()).toBe(401);
  }
  // The form's message is the first line of the error summary (role="alert") at the top of the form.
  const alertOf = async (response: APIResponse) =>
    /role="alert"[\s\S]*?<li[^>]*>([^<]+)</.exec(await response.text())?.[1];
  const real = await tryPassword(email, PASSWORD);
  const ghost = await tryPassword(unknown, PASSWORD);
  expect([real.status(), ghost.status()]).toEqual([429, 429]);
  expect(await alertOf(real)).toMatch(/locked for 15 more minutes/);
  expect(await alertOf(ghost)).toBe(await alertOf(real));

  // The owner's browser signs in, even from that very network.
  await page.getByRole("button", { name: /Sign out/ }).click();
  await page.setExtraHTTPHeaders(from());
  await page.goto("/login");
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(`${WEB_URL}/app`);

  const { link, mail } = await waitForEmail({
    to: email,
    subject: /account was locked/i,
    after: since,
    path: "/unlock",
  });
  expect(mail.links.some((l) => new URL(l).pathname === "/reset-password")).toBe(true);
  const elsewhere = await browser.newContext();
  const unlockPage = await elsewhere.newPage();
  await unlockPage.goto(link);
  await expectNoA11yViolations(unlockPage);
  await unlockPage.getByRole("button", { name: "Unlock my account" }).click();
  await expect(unlockPage.getByRole("status")).toHaveText(`Signing in to ${email} works again, from everywhere.`);
  await elsewhere.close();
  expect((await tryPassword(email, PASSWORD)).status()).toBe(302);
});
