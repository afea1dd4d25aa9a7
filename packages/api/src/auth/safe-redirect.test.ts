import { describe, expect, it } from "vitest";
import { safeRedirect } from "./safe-redirect.ts";

describe("safeRedirect", () => {
  it("keeps same-site paths with their query", () => {
    expect(safeRedirect("/app/journal?symbol=AAPL", "/app")).toBe("/app/journal?symbol=AAPL");
  });

  it("ignores anything that could leave the site", () => {
    for (const to of ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "app", "/%0d%0a\r\nx", "/a\\b", null, 42]) {
      expect(safeRedirect(to, "/app")).toBe("/app");
    }
    expect(safeRedirect(`/${"a".repeat(3000)}`, "/app")).toBe("/app");
  });
});
