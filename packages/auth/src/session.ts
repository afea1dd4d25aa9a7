import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

export type SessionAppName = "web" | "admin";

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long sessions live and whether they slide (the accounts issue's rules). */
export const SESSION_POLICY = {
  web: { cookieName: "tc_session", lifetimeMs: 30 * DAY_MS, sliding: true },
  admin: { cookieName: "tc_admin_session", lifetimeMs: 12 * 60 * 60 * 1000, sliding: false },
} as const satisfies Record<SessionAppName, { cookieName: string; lifetimeMs: number; sliding: boolean }>;

/** lastSeenAt is written at most this often, so reads don't turn into writes. */
export const LAST_SEEN_INTERVAL_MS = 5 * 60 * 1000;

/** A new session token: 20 random bytes (160 bits), base32 so it is cookie-safe. */
export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The session id stored in the database: hex SHA-256 of the token. A database leak reveals no cookie. */
export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Tokens we issue are 32 base32 characters; anything else is not worth a database lookup. */
export const isWellFormedToken = (token: string) => /^[a-z2-7]{32}$/.test(token);

export interface SessionTimes {
  expiresAt: Date;
  lastSeenAt: Date;
}

/**
 * What to write back for a valid session seen at `now`: a later expiry when a sliding session
 * has less than half its lifetime left, a new lastSeenAt when the last one is over 5 minutes old.
 */
export function sessionRefresh(app: SessionAppName, session: SessionTimes, now: Date): Partial<SessionTimes> {
  const policy = SESSION_POLICY[app];
  const update: Partial<SessionTimes> = {};
  if (policy.sliding && session.expiresAt.getTime() - now.getTime() < policy.lifetimeMs / 2) {
    update.expiresAt = new Date(now.getTime() + policy.lifetimeMs);
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_INTERVAL_MS) update.lastSeenAt = now;
  return update;
}

/** The Set-Cookie value that stores `token` until `expiresAt` (HttpOnly, SameSite=Lax, Secure in production). */
export function sessionCookie(
  app: SessionAppName,
  token: string,
  expiresAt: Date,
  { secure }: { secure: boolean },
): string {
  const parts = [
    `${SESSION_POLICY[app].cookieName}=${token}`,
    "HttpOnly",
    "SameSite=Lax",
    "Path=/",
    `Expires=${expiresAt.toUTCString()}`,
    `Max-Age=${Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000))}`,
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

/** The Set-Cookie value that removes the session cookie. */
export function blankSessionCookie(app: SessionAppName, { secure }: { secure: boolean }): string {
  return [
    `${SESSION_POLICY[app].cookieName}=`,
    "HttpOnly",
    "SameSite=Lax",
    "Path=/",
    "Max-Age=0",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

/** The session token from a Cookie header, if the app's cookie is present. */
export function readSessionToken(app: SessionAppName, cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  const name = SESSION_POLICY[app].cookieName;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}
