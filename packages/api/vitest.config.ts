import { defineConfig } from "vitest/config";

// Coverage (`pnpm test` runs `vitest run --coverage`; a single file run without the flag measures
// nothing): the pure domain modules must each keep 80 % of their lines covered. The handlers and
// routers around them are proven by the integration tests and e2e, not by this figure.
const DOMAIN_MODULES = {
  journalDomain: "src/journal/domain/**/*.ts",
  importParsers: "src/journal/import/**/*.ts",
  usage: "src/usage/**/*.ts",
  gradingRules: "src/grading/rule-based.ts",
  market: "src/market/**/*.ts",
};
const LINES = 80;

export default defineConfig({
  test: {
    globalSetup: ["@tradecraft/db/testing/global-setup"],
    testTimeout: 60_000,
    // Procedure logs at info level are noise in test output; tests that check logging capture their own.
    env: { LOG_LEVEL: "warn" },
    hookTimeout: 120_000,
    setupFiles: ["@tradecraft/db/testing/fail-on-console-error"],
    coverage: {
      provider: "v8",
      include: Object.values(DOMAIN_MODULES),
      // Tests and their fixtures are not the code under measure.
      exclude: ["**/*.test.ts", "**/fixtures/**"],
      reportsDirectory: "coverage",
      // The figures are reported when a test fails too (that run fails anyway).
      reportOnFailure: true,
      // Files below 100 % one by one, then the totals; lcov and JSON for CI's artifact.
      reporter: [["text", { skipFull: true }], "text-summary", "json-summary", "lcov"],
      thresholds: Object.fromEntries(Object.values(DOMAIN_MODULES).map((glob) => [glob, { lines: LINES }])),
    },
  },
});
