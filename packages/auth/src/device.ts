import { hmac } from "@oslojs/crypto/hmac";
import { SHA256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { decodeHex, encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import type { SessionAppName } from "./session.ts";

// A device cookie marks a browser that has signed in to an account before (OWASP's "device
// cookies" against lockout attacks): failed sign-ins from it are counted apart from everyone
// else's, so guesses from elsewhere cannot lock the owner out of their own browser. It grants no
// access by itself; it is bound to one email by an HMAC, so it cannot be forged or moved to
// another account.

export const DEVICE_COOKIE = { web: "tc_device", admin: "tc_admin_device" } as const satisfies Record<
  SessionAppName,
  string
>;
/** A year: the point is to remember the member's usual browsers. */
export const DEVICE_COOKIE_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;

const encoder = new TextEncoder();
const macOf = (deviceId: string, email: string, secret: string) =>
  hmac(SHA256, encoder.encode(secret), encoder.encode(`tradecraft-device:${deviceId}:${email}`));

/** A new device id: 16 random bytes, base32 (26 characters). */
export function generateDeviceId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The cookie value that vouches for `deviceId` having signed in as `email` (lower-cased). */
export function signDevice(deviceId: string, email: string, secret: string): string {
  return `${deviceId}.${encodeHexLowerCase(macOf(deviceId, email, secret))}`;
}

/** The device id when `value` is a cookie we issued to a browser that signed in as `email`; else null. */
export function verifyDevice(value: string | null, email: string, secret: string): string | null {
  const match = value ? /^([a-z2-7]{26})\.([0-9a-f]{64})$/.exec(value) : null;
  if (!match) return null;
  const deviceId = match[1]!;
  return constantTimeEqual(decodeHex(match[2]!), macOf(deviceId, email, secret)) ? deviceId : null;
}

/** The Set-Cookie value that remembers this browser for a year (HttpOnly, SameSite=Lax, Secure in production). */
export function deviceCookie(app: SessionAppName, value: string, { secure }: { secure: boolean }): string {
  const parts = [
    `${DEVICE_COOKIE[app]}=${value}`,
    "HttpOnly",
    "SameSite=Lax",
    "Path=/",
    `Max-Age=${DEVICE_COOKIE_LIFETIME_MS / 1000}`,
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

/** The device cookie's value from a Cookie header, if present. */
export function readDeviceCookie(app: SessionAppName, cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1 && part.slice(0, eq).trim() === DEVICE_COOKIE[app]) return part.slice(eq + 1).trim() || null;
  }
  return null;
}
