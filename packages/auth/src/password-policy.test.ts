import { describe, expect, it } from "vitest";
import { checkPassword } from "./password-policy.ts";

describe("checkPassword", () => {
  it("refuses passwords shorter than 12 characters whatever they contain", () => {
    const verdict = checkPassword("Xk#9$qLm2!a");
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual(["Use at least 12 characters."]);
  });

  it("refuses passwords over 256 characters", () => {
    expect(checkPassword("a".repeat(257)).problems).toEqual(["Use at most 256 characters."]);
  });

  it("refuses common and patterned passwords even when long enough", () => {
    for (const weak of ["password1234", "qwertyuiop123", "aaaaaaaaaaaa", "123456789012"]) {
      const verdict = checkPassword(weak);
      expect(verdict.ok, weak).toBe(false);
      expect(verdict.problems[0]).toMatch(/too easy to guess/);
    }
  });

  it("refuses a password built from the member's own email and name", () => {
    const context = { email: "morgan.trader@example.test", displayName: "Morgan Trader" };
    expect(checkPassword("morgan.trader1", context).ok).toBe(false);
    // Without the member's details the same string passes: the context is what makes it guessable.
    expect(checkPassword("morgan.trader1", {}).ok).toBe(true);
  });

  it("refuses the member's whole name run together", () => {
    const context = { email: "a.person@example.test", displayName: "Avery Quinn Fill" };
    expect(checkPassword("averyquinnfill", context).ok).toBe(false);
    expect(checkPassword("averyquinnfill", {}).ok).toBe(true);
  });

  it("accepts a long passphrase of unrelated words without composition rules", () => {
    const verdict = checkPassword("violet tractor sings under copper rain");
    expect(verdict).toMatchObject({ ok: true, problems: [] });
    expect(verdict.score).toBeGreaterThanOrEqual(3);
  });
});
