import { describe, expect, it } from "vitest";
import { sanitizeMetadata } from "./record.ts";

describe("sanitizeMetadata", () => {
  it("drops secret-looking keys and non-scalar values, caps strings", () => {
    expect(
      sanitizeMetadata({
        password: "hunter2",
        newPassword: "x",
        sessionToken: "t",
        cookie: "c",
        passwordHash: "$argon2id$",
        tier: "PRO",
        count: 3,
        nested: { a: 1 },
        note: "n".repeat(500),
      }),
    ).toEqual({ tier: "PRO", count: 3, note: "n".repeat(200) });
  });
});
