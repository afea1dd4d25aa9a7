import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_CHARS, sanitizeUserMessage } from "./sanitize.ts";

describe("sanitizeUserMessage", () => {
  it("removes control characters but keeps newlines and tabs", () => {
    expect(sanitizeUserMessage("a\u0000b\u0007c\u001Bd\u007Fe\nf\tg")).toBe("abcde\nf\tg");
    expect(sanitizeUserMessage("safe\u202Eevil\u200Bx\uFEFF")).toBe("safeevilx");
  });

  it("collapses 3+ newlines to a blank line, runs of spaces to one, and trims", () => {
    expect(sanitizeUserMessage("  one\n\n\n\n\ntwo   three \t four  \n")).toBe("one\n\ntwo three four");
    expect(sanitizeUserMessage("a\r\n\r\n\r\nb")).toBe("a\n\nb");
    expect(sanitizeUserMessage("keep\n\nthis")).toBe("keep\n\nthis");
    expect(sanitizeUserMessage("col\tcol")).toBe("col\tcol");
    expect(sanitizeUserMessage("a\t\tb")).toBe("a b");
    expect(sanitizeUserMessage(" \n\t \n")).toBe("");
  });

  it("caps at 8,000 characters", () => {
    expect(MAX_MESSAGE_CHARS).toBe(8000);
    const long = "x".repeat(8001);
    expect(sanitizeUserMessage(long)).toHaveLength(8000);
    expect(sanitizeUserMessage("y".repeat(8000))).toHaveLength(8000);
  });

  it("never splits a surrogate pair at the cap", () => {
    const text = "a" + "😀".repeat(8000);
    const out = sanitizeUserMessage(text);
    expect(Array.from(out)).toHaveLength(8000);
    expect(out.endsWith("😀")).toBe(true);
  });
});
