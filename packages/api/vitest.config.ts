import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["@tradecraft/db/testing/global-setup"],
    testTimeout: 60_000,
    // Procedure logs at info level are noise in test output; tests that check logging capture their own.
    env: { LOG_LEVEL: "warn" },
    hookTimeout: 120_000,
    setupFiles: ["@tradecraft/db/testing/fail-on-console-error"],
  },
});
