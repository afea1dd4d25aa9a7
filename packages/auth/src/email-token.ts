import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

/** How long a mailed link works. */
export const EMAIL_TOKEN_TTL_MS = {
  VERIFY_EMAIL: 24 * 60 * 60 * 1000,
  CHANGE_EMAIL: 24 * 60 * 60 * 1000,
  RESET_PASSWORD: 60 * 60 * 1000,
  /** Sent with a lockout: lifts every sign-in lock on the account. */
  UNLOCK_ACCOUNT: 24 * 60 * 60 * 1000,
} as const;

/** A token for an emailed link: 32 random bytes (256 bits), base32 so it is URL-safe (52 characters). */
export function generateEmailToken(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** What the database stores for a mailed token: its hex SHA-256. */
export function emailTokenId(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Tokens we mail are 52 base32 characters; anything else is not worth a database lookup. */
export const isWellFormedEmailToken = (token: string) => /^[a-z2-7]{52}$/.test(token);
