import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contrastRatio } from "./contrast.ts";

const css = fs.readFileSync(path.join(import.meta.dirname, "styles.css"), "utf8");
const token = (name: string) => {
  const match = css.match(new RegExp(`--${name}:\\s*(#[0-9a-fA-F]{6})`));
  if (!match) throw new Error(`--${name} not found in styles.css`);
  return match[1]!;
};

describe("theme", () => {
  it("uses the brand palette", () => {
    expect(token("bg").toLowerCase()).toBe("#0a0a0b");
    expect(token("primary").toLowerCase()).toBe("#10b981");
    expect(token("accent").toLowerCase()).toBe("#f3e5ab");
  });

  it("keeps every text colour at 4.5:1 or better on its background", () => {
    for (const text of ["text", "text-muted", "primary", "primary-strong", "accent", "danger"]) {
      for (const bg of ["bg", "surface", "surface-2", "surface-member"]) {
        expect(contrastRatio(token(text), token(bg)), `${text} on ${bg}`).toBeGreaterThanOrEqual(4.5);
      }
    }
    expect(contrastRatio(token("on-primary"), token("primary"))).toBeGreaterThanOrEqual(4.5);
  });

  it("keeps the P&L colours at 4.5:1 or better on the page and every card (WCAG AA)", () => {
    expect(token("gain").toLowerCase()).toBe("#34d399");
    expect(token("loss").toLowerCase()).toBe("#f87171");
    // The WCAG 2.1 ratios of these pairs; the weakest are on --surface-member (gain 8.47, loss 5.88).
    expect(contrastRatio(token("gain"), token("bg"))).toBeCloseTo(10.29, 2);
    expect(contrastRatio(token("loss"), token("bg"))).toBeCloseTo(7.15, 2);
    for (const text of ["gain", "loss"]) {
      for (const bg of ["bg", "surface", "surface-2", "surface-member"]) {
        expect(contrastRatio(token(text), token(bg)), `${text} on ${bg}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it("keeps the strength meter's fills at 3:1 or better on its track and the page (non-text contrast)", () => {
    for (const fill of ["danger", "warning", "primary"]) {
      for (const bg of ["bg", "surface", "surface-2"]) {
        expect(contrastRatio(token(fill), token(bg)), `${fill} on ${bg}`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it("computes WCAG contrast like the reference values", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });
});
