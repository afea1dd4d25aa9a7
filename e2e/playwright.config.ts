import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "./browser.ts";
import { ADMIN_URL, WEB_URL } from "./ports.ts";

export default defineConfig({
  testDir: "tests",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  // Two in CI since the suite grew (time zones, lockout, production stacks) on a busy 2-core machine;
  // a test that passes only on a retry is still reported as "flaky" in the output, not hidden.
  retries: process.env.CI ? 2 : 0,
  workers: 2,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 30_000,
  // Visual regression (tests/*/visual.spec.ts): one committed image per page and width. A pixel
  // counts as changed when its colour differs by more than 20% (anti-aliasing stays below), and a
  // page fails when more than 1% of its pixels changed: a moved block, a new colour or a wrapped
  // label fails; a sub-pixel shift of a glyph edge does not.
  // A form post, its redirect and the next page's loaders can take over 5 s on a busy 2-core CI
  // machine (a watchlist's "created" notice once did): assertions wait up to 10 s for what the
  // member waits for; a passing one returns as soon as it holds.
  expect: {
    timeout: 10_000,
    toHaveScreenshot: { threshold: 0.2, maxDiffPixelRatio: 0.01, animations: "disabled", caret: "hide" },
  },
  snapshotPathTemplate: "{testDir}/{testFileDir}/{testFileName}-snapshots/{arg}{ext}",
  use: {
    baseURL: WEB_URL,
    // Members take their zone from the browser at sign-up (its own zone, or without script the
    // region of its language): one zone and a language without a region keep every spec on UTC
    // whatever the host's zone, unless a spec sets its own.
    locale: "en",
    timezoneId: "UTC",
    trace: "retain-on-failure",
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
  },
  projects: [
    { name: "web", testMatch: /web\/.*\.spec\.ts/, use: { ...devices["Desktop Chrome"], baseURL: WEB_URL } },
    { name: "admin", testMatch: /admin\/.*\.spec\.ts/, use: { ...devices["Desktop Chrome"], baseURL: ADMIN_URL } },
    // The production start command itself (launcher, signals, bursts, settings): no browser.
    // Runs after the browser projects: it starts stacks of its own and `pnpm start` rebuilds.
    { name: "production", testMatch: /production\/.*\.spec\.ts/, dependencies: ["web", "admin"] },
  ],
  // One process migrates a fresh database and starts both built apps in production mode;
  // it answers on the web URL only once admin is up too.
  webServer: {
    command: "tsx start-stack.ts",
    url: `${WEB_URL}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
