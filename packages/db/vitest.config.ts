import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./src/testing/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    setupFiles: ["./src/testing/fail-on-console-error.ts"],
  },
});
