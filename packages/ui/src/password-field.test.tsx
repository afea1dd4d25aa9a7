import * as policy from "@tradecraft/auth/password-policy";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PasswordField, verdictOf } from "./password-field.tsx";

describe("PasswordField", () => {
  it("renders only the plain field before hydration (and without JavaScript)", () => {
    const html = renderToString(
      <PasswordField label="Password" name="password" id="pw" hint="At least 12 characters." required />,
    );
    expect(html).toContain('type="password"');
    expect(html).toContain('aria-describedby="pw-hint"');
    expect(html).not.toContain("tc-strength");
    expect(html).not.toContain("<meter");
  });

  it("points at the server's error as well as the hint", () => {
    const html = renderToString(
      <PasswordField label="Password" name="password" id="pw" hint="Hint" error={["Too easy to guess."]} />,
    );
    expect(html).toContain('aria-describedby="pw-hint pw-error"');
    expect(html).toContain('aria-invalid="true"');
  });
});

describe("verdictOf", () => {
  it("says too short below 12 characters, whatever the words", () => {
    expect(verdictOf(policy, "Tr0ub4dor&3", {})).toEqual({
      score: 0,
      label: "Too short",
      message: "Use at least 12 characters.",
    });
  });

  it("says too long above 256 characters", () => {
    expect(verdictOf(policy, "a".repeat(257), {})).toMatchObject({ score: 0, label: "Too long" });
  });

  it("calls a common password weak and says why", () => {
    const verdict = verdictOf(policy, "password1234", {});
    expect(verdict.label).toBe("Weak");
    expect(verdict.message).toMatch(/too easy to guess/);
  });

  it("counts the member's own name against them", () => {
    expect(verdictOf(policy, "averyquinnfill", {}).score).toBeGreaterThanOrEqual(3);
    expect(verdictOf(policy, "averyquinnfill", { displayName: "Avery Quinn Fill" }).score).toBeLessThan(3);
  });

  it("calls a phrase of unrelated words strong", () => {
    expect(verdictOf(policy, "correct horse battery staple moon", {})).toEqual({
      score: 4,
      label: "Strong",
      message: "Hard to guess.",
    });
  });
});
