import { describe, expect, it } from "vitest";
import { emailTokenId, generateEmailToken, isWellFormedEmailToken } from "./email-token.ts";

describe("email tokens", () => {
  it("are 32 random bytes in URL-safe base32, different every time", () => {
    const tokens = new Set(Array.from({ length: 200 }, generateEmailToken));
    expect(tokens.size).toBe(200);
    for (const token of tokens) {
      expect(token).toMatch(/^[a-z2-7]{52}$/);
      expect(isWellFormedEmailToken(token)).toBe(true);
      expect(encodeURIComponent(token)).toBe(token);
    }
  });

  it("are stored as their SHA-256, never as themselves", () => {
    const token = generateEmailToken();
    const id = emailTokenId(token);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(id).not.toContain(token);
    expect(emailTokenId(token)).toBe(id);
    // The SHA-256 of "abc", a published test vector.
    expect(emailTokenId("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("refuses anything that is not a token we could have issued", () => {
    for (const bad of ["", "short", "A".repeat(52), `${generateEmailToken()}x`, "0".repeat(52), "../".repeat(18)]) {
      expect(isWellFormedEmailToken(bad)).toBe(false);
    }
  });
});
