import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.ts";

const PRODUCTION = { NODE_ENV: "production", DATABASE_URL: "postgresql://db/app", SESSION_SECRET: "x".repeat(40) };

describe("Sentry settings", () => {
  it("traces a tenth of requests in production and every request elsewhere, tagged with NODE_ENV", () => {
    expect(parseEnv(PRODUCTION)).toMatchObject({ SENTRY_TRACES_SAMPLE_RATE: 0.1, SENTRY_ENVIRONMENT: "production" });
    expect(parseEnv({ NODE_ENV: "test" })).toMatchObject({ SENTRY_TRACES_SAMPLE_RATE: 1, SENTRY_ENVIRONMENT: "test" });
  });

  it("takes an operator's environment name and sample rate, and refuses a rate outside 0–1", () => {
    const env = parseEnv({ ...PRODUCTION, SENTRY_ENVIRONMENT: "staging", SENTRY_TRACES_SAMPLE_RATE: "0.25" });
    expect(env).toMatchObject({ SENTRY_TRACES_SAMPLE_RATE: 0.25, SENTRY_ENVIRONMENT: "staging" });
    expect(parseEnv({ SENTRY_TRACES_SAMPLE_RATE: "0" }).SENTRY_TRACES_SAMPLE_RATE).toBe(0);
    expect(() => parseEnv({ SENTRY_TRACES_SAMPLE_RATE: "2" })).toThrow(/SENTRY_TRACES_SAMPLE_RATE/);
    expect(() => parseEnv({ SENTRY_TRACES_SAMPLE_RATE: "often" })).toThrow(/SENTRY_TRACES_SAMPLE_RATE/);
  });

  it("serves the e2e fault route only when E2E_FAULT_ROUTES is 1", () => {
    expect(parseEnv({}).E2E_FAULT_ROUTES).toBe(false);
    expect(parseEnv({ E2E_FAULT_ROUTES: "1" }).E2E_FAULT_ROUTES).toBe(true);
  });
});
