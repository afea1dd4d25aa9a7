import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  blankSessionCookie,
  generateSessionToken,
  isWellFormedToken,
  readSessionToken,
  sessionCookie,
  sessionIdFromToken,
  sessionRefresh,
} from "./session.ts";

const DAY = 24 * 3600 * 1000;
const now = new Date("2026-03-10T12:00:00Z");

describe("session tokens", () => {
  it("are 160 random bits in 32 base32 characters, never repeating", () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateSessionToken));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(isWellFormedToken(token)).toBe(true);
  });

  it("are stored as their SHA-256, so a database leak reveals no cookie", () => {
    const token = generateSessionToken();
    expect(sessionIdFromToken(token)).toBe(createHash("sha256").update(token).digest("hex"));
    expect(sessionIdFromToken(token)).not.toContain(token);
  });

  it("reject malformed values before any lookup", () => {
    for (const bad of ["", "short", "A".repeat(32), "1".repeat(32), "a".repeat(33)])
      expect(isWellFormedToken(bad)).toBe(false);
  });
});

describe("sessionRefresh", () => {
  it("slides a web session forward only when less than half of its 30 days is left", () => {
    expect(sessionRefresh("web", { expiresAt: new Date(now.getTime() + 20 * DAY), lastSeenAt: now }, now)).toEqual({});
    expect(sessionRefresh("web", { expiresAt: new Date(now.getTime() + 14 * DAY), lastSeenAt: now }, now)).toEqual({
      expiresAt: new Date(now.getTime() + 30 * DAY),
    });
  });

  it("never slides an admin session", () => {
    expect(sessionRefresh("admin", { expiresAt: new Date(now.getTime() + 60_000), lastSeenAt: now }, now)).toEqual({});
  });

  it("writes lastSeenAt at most every 5 minutes", () => {
    const expiresAt = new Date(now.getTime() + 20 * DAY);
    expect(sessionRefresh("web", { expiresAt, lastSeenAt: new Date(now.getTime() - 299_000) }, now)).toEqual({});
    expect(sessionRefresh("web", { expiresAt, lastSeenAt: new Date(now.getTime() - 300_000) }, now)).toEqual({
      lastSeenAt: now,
    });
  });
});

describe("session cookies", () => {
  it("are HttpOnly, SameSite=Lax, site-wide, and Secure only when asked", () => {
    const expiresAt = new Date(Date.now() + 3600_000);
    const plain = sessionCookie("web", "tok", expiresAt, { secure: false });
    expect(plain).toMatch(/^tc_session=tok; HttpOnly; SameSite=Lax; Path=\/; Expires=.+; Max-Age=(3599|3600)$/);
    expect(sessionCookie("admin", "tok", expiresAt, { secure: true })).toMatch(/^tc_admin_session=tok;.*; Secure$/);
    expect(blankSessionCookie("web", { secure: false })).toBe("tc_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0");
  });

  it("are read by exact name from a Cookie header", () => {
    const header = "a=1; xtc_session=nope; tc_session=abc; tc_admin_session=def";
    expect(readSessionToken("web", header)).toBe("abc");
    expect(readSessionToken("admin", header)).toBe("def");
    expect(readSessionToken("web", "xtc_session=nope")).toBeNull();
    expect(readSessionToken("web", null)).toBeNull();
  });
});
