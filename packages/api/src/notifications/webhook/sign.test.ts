import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newWebhookSecret, signWebhook, verifyWebhookSignature } from "./sign.ts";

const secret = "whsec_test_secret";
const body = '{"alert":"AAPL above 200","price":201.5}';
const t = 1_700_000_000;

describe("webhook signatures", () => {
  it("matches an HMAC computed separately", () => {
    const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(signWebhook(secret, body, t)).toBe(`t=${t},v1=${expected}`);
  });

  it("round-trips", () => {
    const header = signWebhook(secret, body, t);
    expect(verifyWebhookSignature(secret, header, body, { nowSeconds: t + 10 })).toBe(true);
    expect(verifyWebhookSignature(secret, header, Buffer.from(body), { nowSeconds: t })).toBe(true);
  });

  it("refuses a tampered body or the wrong secret", () => {
    const header = signWebhook(secret, body, t);
    expect(verifyWebhookSignature(secret, header, body.replace("201.5", "301.5"), { nowSeconds: t })).toBe(false);
    expect(verifyWebhookSignature("whsec_other", header, body, { nowSeconds: t })).toBe(false);
  });

  it("refuses a timestamp outside the tolerance, either way", () => {
    const header = signWebhook(secret, body, t);
    expect(verifyWebhookSignature(secret, header, body, { nowSeconds: t + 300 })).toBe(true);
    expect(verifyWebhookSignature(secret, header, body, { nowSeconds: t + 301 })).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, { nowSeconds: t - 301 })).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, { nowSeconds: t + 1000, toleranceSeconds: 1000 })).toBe(true);
  });

  it("refuses a replayed signature under a new timestamp", () => {
    const v1 = signWebhook(secret, body, t).split("v1=")[1];
    expect(verifyWebhookSignature(secret, `t=${t + 60},v1=${v1}`, body, { nowSeconds: t + 60 })).toBe(false);
  });

  it.each([
    [""],
    ["garbage"],
    [`t=${t}`],
    [`v1=${"a".repeat(64)}`],
    [`t=abc,v1=${"a".repeat(64)}`],
    [`t=${t},v1=zz`],
    [`t=${t},v1=${"a".repeat(63)}`],
    [`t=${t},t=${t},v1=${"a".repeat(64)}`],
    [`t=-5,v1=${"a".repeat(64)}`],
    [`t=${t},,v1=${"a".repeat(64)}`],
  ])("refuses the malformed header %j", (header) => {
    expect(verifyWebhookSignature(secret, header, body, { nowSeconds: t })).toBe(false);
  });

  it("accepts any matching v1 (secret rotation) and ignores unknown schemes", () => {
    const good = signWebhook(secret, body, t).split("v1=")[1];
    const header = `t=${t},v0=old,v1=${"0".repeat(64)},v1=${good}`;
    expect(verifyWebhookSignature(secret, header, body, { nowSeconds: t })).toBe(true);
  });

  it("refuses a missing header or secret", () => {
    expect(verifyWebhookSignature(secret, undefined, body, { nowSeconds: t })).toBe(false);
    expect(verifyWebhookSignature("", signWebhook(secret, body, t), body, { nowSeconds: t })).toBe(false);
  });

  it("refuses to sign with a fractional or negative timestamp", () => {
    expect(() => signWebhook(secret, body, 1.5)).toThrow(/whole Unix seconds/);
    expect(() => signWebhook(secret, body, -1)).toThrow(/whole Unix seconds/);
  });

  it("makes distinct secrets of 32 random bytes", () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice(6), "base64url")).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
