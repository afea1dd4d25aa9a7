import { describe, expect, it } from "vitest";
import { safeRedirect } from "./safe-redirect.ts";

describe("safeRedirect", () => {
  it("keeps same-site paths with their query", () => {
    expect(safeRedirect("/app/journal?symbol=AAPL", "/app")).toBe("/app/journal?symbol=AAPL");
    expect(safeRedirect("/app/journal?tag=a%20b", "/app")).toBe("/app/journal?tag=a%20b");
  });

  it("ignores anything that could leave the site", () => {
    for (const to of [
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "javascript:alert(1)",
      "app",
      "/%0d%0a\r\nx",
      "/a\\b",
      "/\u0085x",
      "/\u007fx",
      null,
      42,
    ]) {
      expect(safeRedirect(to, "/app")).toBe("/app");
    }
    expect(safeRedirect(`/${"a".repeat(3000)}`, "/app")).toBe("/app");
  });

  it("percent-encodes non-ASCII letters and spaces as UTF-8, so the result fits a Location header", () => {
    expect(safeRedirect("/app/journal?symbol=日本&tag=café", "/app")).toBe(
      "/app/journal?symbol=%E6%97%A5%E6%9C%AC&tag=caf%C3%A9",
    );
    expect(safeRedirect("/users?q=Zoë €", "/")).toBe("/users?q=Zo%C3%AB%20%E2%82%AC");
    // A look-alike slash stays a path on this site once encoded.
    expect(safeRedirect("/／evil.example", "/app")).toBe("/%EF%BC%8Fevil.example");
    for (const to of ["/app/日本", "/x y", "/\u00e9", "/😀"]) {
      const target = safeRedirect(to, "/app");
      expect(target).toMatch(/^\/[\x21-\x7e]*$/);
      expect(() => new Headers({ Location: target })).not.toThrow();
      expect(decodeURIComponent(target)).toBe(to);
    }
  });

  it("refuses text that is not valid Unicode (a lone surrogate)", () => {
    expect(safeRedirect("/app/\ud800", "/app")).toBe("/app");
  });
});
