import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["@tradecraft/db/testing/global-setup"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    setupFiles: ["@tradecraft/db/testing/fail-on-console-error"],
  },
});
