import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.ts";

describe("parseEnv", () => {
  it("fills development defaults", () => {
    const env = parseEnv({});
    expect(env.NODE_ENV).toBe("development");
    expect(env.PORT).toBe(3000);
    expect(env.ADMIN_PORT).toBe(3001);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("treats empty optional URLs as unset", () => {
    expect(parseEnv({ REDIS_URL: "" }).REDIS_URL).toBeUndefined();
  });

  it("lists every problem at once, without echoing secrets", () => {
    let caught: unknown;
    try {
      parseEnv({
        NODE_ENV: "production",
        PORT: "seventy",
        REDIS_URL: "http://nope",
        SESSION_SECRET: "short-secret-value",
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvError);
    const problems = (caught as EnvError).problems.join("\n");
    expect(problems).toMatch(/^PORT: .*\(got "seventy"\)/m);
    expect(problems).toMatch(/^REDIS_URL: /m);
    expect(problems).toMatch(/^SESSION_SECRET: must be at least 32 characters$/m);
    expect(problems).not.toContain("short-secret-value");
    expect(problems).toMatch(/^DATABASE_URL: is required in production$/m);
  });

  it("requires a real session secret in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgresql://u@localhost/db" })).toThrow(
      /SESSION_SECRET: is required in production/,
    );
    const env = parseEnv({
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://u@localhost/db",
      SESSION_SECRET: "x".repeat(40),
    });
    expect(env.isProduction).toBe(true);
  });
});
