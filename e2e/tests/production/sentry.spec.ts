// Errors reach Sentry from the production build as an operator runs it: a loader error on the
// server and an uncaught error in a member's browser arrive at a local Sentry-compatible ingest
// with the member's id, the request id, release and environment, and nothing personal.
import { expect, test } from "@playwright/test";
import { createPrismaClient, seed } from "@tradecraft/db";
import { createTestDatabase, type TestDatabase, testServerUrl } from "@tradecraft/db/testing";
import { type SentryStub, type SentryStubEvent, startSentryStub } from "@tradecraft/testing";
import { ADMIN, MEMBER } from "../../fixtures/accounts.ts";
import { type OwnStack, startOwnStack, stopOwnStack } from "../../fixtures/launcher.ts";

const WEB_PORT = 3150;
const ADMIN_PORT = 3151;
const WEB = `http://127.0.0.1:${WEB_PORT}`;
const ADMIN_APP = `http://127.0.0.1:${ADMIN_PORT}`;
const VERSION = "7.7.7-sentry";

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);
test.skip(!testServerUrl(), "the production suite needs PostgreSQL: set DATABASE_URL or TEST_DATABASE_URL");

let db: TestDatabase;
let sentry: SentryStub;
let stack: OwnStack | undefined;
let memberId: string;
let adminId: string;

test.beforeAll(async () => {
  test.setTimeout(150_000);
  db = await createTestDatabase({ prefix: "tc_sentry" });
  const prisma = createPrismaClient(db.url, { max: 1 });
  try {
    await seed(prisma, { nodeEnv: "development" });
    memberId = (await prisma.user.findUniqueOrThrow({ where: { email: MEMBER.email }, select: { id: true } })).id;
    adminId = (await prisma.user.findUniqueOrThrow({ where: { email: ADMIN.email }, select: { id: true } })).id;
  } finally {
    await prisma.$disconnect();
  }
  sentry = await startSentryStub();
  stack = await startOwnStack(
    { web: WEB_PORT, admin: ADMIN_PORT },
    {
      DATABASE_URL: db.url,
      REDIS_URL: undefined,
      APP_VERSION: VERSION,
      TICKER_INTERVAL_MS: "0",
      SENTRY_DSN: sentry.dsn,
      E2E_FAULT_ROUTES: "1",
    },
  );
});

test.afterAll(async () => {
  stopOwnStack(stack);
  await sentry?.close();
  await db?.drop();
});

const messageOf = (event: SentryStubEvent) => event.exception?.values?.[0]?.value ?? "";

/** Nothing that names or identifies the member beyond their id, and no secret, anywhere Sentry got. */
function expectNoPersonalData(sessionToken: string) {
  const everything = JSON.stringify(sentry.items);
  for (const personal of [
    MEMBER.email,
    MEMBER.displayName,
    MEMBER.password,
    ADMIN.email,
    ADMIN.displayName,
    sessionToken,
  ]) {
    expect(everything).not.toContain(personal);
  }
  expect(everything).not.toMatch(/"ip_address"|"cookies"|"[Cc]ookie":/);
  expect(sentry.rejected).toEqual([]);
}

test("a loader error and a browser error reach Sentry with the member's id and nothing personal", async ({ page }) => {
  // The browser loads Sentry after hydration and says hello with its first envelope.
  const sentryStarted = page.waitForRequest((r) => r.url().startsWith(`${sentry.url}/api/`), { timeout: 30_000 });
  await page.goto(`${WEB}/login`);
  await page.getByLabel("Email").fill(MEMBER.email);
  await page.getByLabel("Password").fill(MEMBER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${WEB}/app`);
  const sessionToken = (await page.context().cookies()).find((c) => c.name === "tc_session")!.value;
  await sentryStarted;

  // A loader fails (the test-only fault route, enabled by E2E_FAULT_ROUTES on this stack only).
  const response = await page.goto(`${WEB}/app/e2e-fault?from=e2e`);
  expect(response!.status()).toBe(500);
  const [serverEvent] = await sentry.waitForEvents((e) => messageOf(e) === "E2E fault: a loader failed on purpose");
  expect(serverEvent!.user).toEqual({ id: memberId });
  expect(serverEvent!.tags).toMatchObject({ requestId: await response!.headerValue("x-request-id"), app: "web" });
  expect(serverEvent!.release).toBe(`tradecraft-web@${VERSION}`);
  expect(serverEvent!.environment).toBe("production");
  expect(serverEvent!.platform).toBe("node");

  // An uncaught error in the member's browser, through Sentry's global handler.
  const sentryRestarted = page.waitForRequest((r) => r.url().startsWith(`${sentry.url}/api/`), { timeout: 30_000 });
  await page.goto(`${WEB}/app`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Welcome, ${MEMBER.displayName}`);
  await sentryRestarted;
  await page.evaluate(() => {
    setTimeout(() => {
      throw new Error("E2E fault: the browser failed on purpose");
    });
  });
  const [browserEvent] = await sentry.waitForEvents((e) => messageOf(e) === "E2E fault: the browser failed on purpose");
  expect(browserEvent!.platform).toBe("javascript");
  expect(browserEvent!.user).toEqual({ id: memberId });
  expect(browserEvent!.release).toBe(`tradecraft-web@${VERSION}`);
  expect(browserEvent!.environment).toBe("production");
  expect(browserEvent!.request?.url).toBe(`${WEB}/app`);

  expectNoPersonalData(sessionToken);
});

test("an admin's browser error reaches Sentry tagged with the admin app's release and the admin's id only", async ({
  page,
}) => {
  const sentryStarted = page.waitForRequest((r) => r.url().startsWith(`${sentry.url}/api/`), { timeout: 30_000 });
  await page.goto(`${ADMIN_APP}/login`);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${ADMIN_APP}/`);
  await sentryStarted;
  const sessionToken = (await page.context().cookies()).find((c) => c.name === "tc_admin_session")!.value;
  // Signed in by a form: the root loader ran again and the browser now knows who is signed in.
  await expect
    .poll(async () => {
      await page.evaluate(() => {
        setTimeout(() => {
          throw new Error("E2E fault: the admin browser failed on purpose");
        });
      });
      const events = sentry.events.filter((e) => messageOf(e) === "E2E fault: the admin browser failed on purpose");
      return events.at(-1)?.user;
    })
    .toEqual({ id: adminId });
  const [event] = await sentry.waitForEvents((e) => messageOf(e) === "E2E fault: the admin browser failed on purpose");
  expect(event!.release).toBe(`tradecraft-admin@${VERSION}`);
  expectNoPersonalData(sessionToken);
});

test("the fault route is refused (404) wherever E2E_FAULT_ROUTES is not set", async ({ request, baseURL }) => {
  // The shared e2e stack runs without the flag, as production does: a signed-in member gets the
  // page that does not exist (a stranger is sent to sign in first by the member area).
  const signIn = await request.post("/login", {
    form: { email: MEMBER.email, password: MEMBER.password },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(signIn.status()).toBe(302);
  const response = await request.get("/app/e2e-fault", { maxRedirects: 0 });
  expect(response.status()).toBe(404);
});
