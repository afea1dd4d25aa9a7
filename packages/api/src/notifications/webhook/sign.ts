// Webhook signatures in Stripe's scheme, which receivers' libraries and docs already know:
// `Tradecraft-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. Signing the
// timestamp with the body lets a receiver refuse a replayed request once it is older than the
// tolerance. See https://docs.stripe.com/webhooks#verify-manually.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** The request header that carries the signature. */
export const WEBHOOK_SIGNATURE_HEADER = "Tradecraft-Signature";
/** How far a signature's timestamp may be from the receiver's clock by default (Stripe's default too). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const SECRET_PREFIX = "whsec_";
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** A new signing secret: "whsec_" and 32 random bytes in base64url (256 bits, the HMAC-SHA256 key size). */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString("base64url");
}

// The whole secret string, prefix included, is the HMAC key: a receiver pastes it as shown and
// needs no decoding step to get it wrong.
function hmacHex(secret: string, timestampSeconds: number, body: string | Uint8Array): string {
  return createHmac("sha256", secret).update(`${timestampSeconds}.`).update(body).digest("hex");
}

/** The signature header value for a body sent at `timestampSeconds` (whole Unix seconds). */
export function signWebhook(secret: string, body: string | Uint8Array, timestampSeconds: number): string {
  if (!secret) throw new Error("signWebhook: the secret is empty");
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new Error(`signWebhook: the timestamp must be whole Unix seconds, got ${timestampSeconds}`);
  }
  return `t=${timestampSeconds},v1=${hmacHex(secret, timestampSeconds, body)}`;
}

interface ParsedHeader {
  timestamp: number;
  signatures: string[];
}

// Unknown keys (a future v2, Stripe's v0) are ignored so a receiver keeps working when we add a
// scheme; several v1 values are allowed so a secret can be rotated with both signatures sent.
function parseSignatureHeader(header: string): ParsedHeader | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return null;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t") {
      if (timestamp !== null || !/^\d{1,15}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (key === "v1") {
      if (!HEX_SHA256.test(value)) return null;
      signatures.push(value);
    }
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

export interface VerifyOptions {
  /** The receiver's clock in Unix seconds; defaults to now. */
  nowSeconds?: number;
  /** Largest accepted distance between the signature's time and now, either way. */
  toleranceSeconds?: number;
}

/** True only when the header is well formed, its time is within the tolerance and one of its v1 signatures matches the body under the secret. */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  body: string | Uint8Array,
  { nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = DEFAULT_TOLERANCE_SECONDS }: VerifyOptions = {},
): boolean {
  if (!secret || !header) return false;
  const parsed = parseSignatureHeader(header);
  if (!parsed) return false;
  // A timestamp from the future is as suspect as a stale one; the tolerance covers clock skew.
  if (Math.abs(nowSeconds - parsed.timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, parsed.timestamp, body), "hex");
  // Every candidate is compared (no early exit) so the time taken does not say which one matched.
  let matched = false;
  for (const signature of parsed.signatures) {
    if (timingSafeEqual(expected, Buffer.from(signature, "hex"))) matched = true;
  }
  return matched;
}
