import { describe, expect, it } from "vitest";
import {
  CONTROL_MESSAGE,
  cutText,
  IdSchema,
  INVISIBLE_MESSAGE,
  safeMultilineText,
  safeName,
  safeText,
} from "./text.ts";

const messagesOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((i) => i.message) ?? [];

describe("safeText", () => {
  it("refuses NUL, other controls and unpaired surrogates, with one message", () => {
    for (const bad of [
      "a\u0000b",
      "tab\there",
      "line\nbreak",
      "\u001b[31m",
      "del\u007f",
      "c1\u0085",
      "\ud800",
      "x\udc00",
      "\udfff\ud800",
    ]) {
      expect(messagesOf(safeText().safeParse(bad)), JSON.stringify(bad)).toEqual([CONTROL_MESSAGE]);
    }
  });

  it("accepts every other character, astral ones (a well-formed pair) included", () => {
    for (const good of ["", "Main account", "Zürich 東京 مرحبا", "📈 swing", "a\u200bb", "\ud83d\ude00"])
      expect(safeText().safeParse(good).success, good).toBe(true);
  });

  it("keeps chaining: trim, min and max still apply after the check", () => {
    const schema = safeText().trim().min(1, "empty").max(3, "long");
    expect(schema.parse("  ab  ")).toBe("ab");
    expect(messagesOf(schema.safeParse("   "))).toEqual(["empty"]);
    expect(messagesOf(schema.safeParse("abcd"))).toEqual(["long"]);
    expect(messagesOf(schema.safeParse(" a\u0000 "))).toEqual([CONTROL_MESSAGE]);
  });
});

describe("safeMultilineText", () => {
  it("allows tab, CR and LF but refuses other controls and unpaired surrogates", () => {
    expect(safeMultilineText().parse("line one\r\n\tline two\n")).toBe("line one\r\n\tline two\n");
    for (const bad of ["a\u0000b", "form\ffeed", "vertical\u000btab", "\u009b", "\ud83d"]) {
      expect(messagesOf(safeMultilineText().safeParse(bad)), JSON.stringify(bad)).toEqual([CONTROL_MESSAGE]);
    }
  });
});

describe("safeName", () => {
  it("refuses bidi controls, zero-width and other invisible characters", () => {
    const invisible = [
      "\u202e",
      "\u202a",
      "\u202d",
      "\u2066",
      "\u2069",
      "\u200e",
      "\u200f",
      "\u061c",
      "\u200b",
      "\u200c",
      "\u200d",
      "\u2060",
      "\ufeff",
      "\u00ad",
      "\u2028",
      "\u2029",
      "\u3164",
      "\u115f",
      "\u2800",
      "\u034f",
    ];
    for (const ch of invisible) {
      expect(messagesOf(safeName().safeParse(`Bob${ch}gnp.exe`)), `U+${ch.codePointAt(0)!.toString(16)}`).toEqual([
        INVISIBLE_MESSAGE,
      ]);
    }
  });

  it("still refuses controls, and accepts names in any script, with emoji and accents", () => {
    expect(messagesOf(safeName().safeParse("a\u0000b"))).toEqual([CONTROL_MESSAGE]);
    for (const good of [
      "Ada Lovelace",
      "José Núñez",
      "李小龍",
      "محمد",
      "שלום",
      "Zoë 🚀",
      "❤️ breakouts",
      "O'Brien-Smith",
    ])
      expect(safeName().safeParse(good).success, good).toBe(true);
  });
});

describe("IdSchema", () => {
  it("is trimmed text of 1 to 64 characters without controls", () => {
    expect(IdSchema.parse(" cmabc123 ")).toBe("cmabc123");
    expect(IdSchema.safeParse("").success).toBe(false);
    expect(IdSchema.safeParse("x".repeat(65)).success).toBe(false);
    expect(messagesOf(IdSchema.safeParse("\u0000"))).toContain(CONTROL_MESSAGE);
  });
});

describe("cutText", () => {
  it("cuts by code points, so a pair is never split", () => {
    expect(cutText("ab😀cd", 3)).toBe("ab😀");
    expect(cutText("ab", 3)).toBe("ab");
    expect(cutText("😀😀", 1)).toBe("😀");
  });
});
