import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./src/testing/global-setup.ts"],
    testTimeout: 60_000,
    // Procedure logs at info level are noise in test output; tests that check logging capture their own.
    env: { LOG_LEVEL: "warn" },
    hookTimeout: 120_000,
    setupFiles: ["./src/testing/fail-on-console-error.ts"],
  },
});
