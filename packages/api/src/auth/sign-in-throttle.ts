import { createHash } from "node:crypto";
import { isIPv6 } from "node:net";
import { deviceCookie, generateDeviceId, readDeviceCookie, signDevice, verifyDevice } from "@tradecraft/auth";
import { getEnv } from "@tradecraft/config";
import type { Prisma } from "@tradecraft/db";
import type { Context } from "../context.ts";
import { secureCookies } from "../session.ts";

// Failed sign-ins lock per email AND source (OWASP's answer to lockout attacks): a browser that
// has signed in to the account before is its own source, anything else is counted per network.
// Guesses from elsewhere never lock the owner out of their usual browser, and an unknown email
// is counted, locked and answered exactly like a real one, so a lock reveals no account.
// The global per-IP rate limits (rate-limit.ts) still apply on top.

export const LOCKOUT_THRESHOLD = 10;
export const LOCKOUT_MS = 15 * 60 * 1000;

export interface SignInSource {
  /** "device:<id>" or "ip:<network>". */
  key: string;
  kind: "device" | "network";
}

/** How the throttle keys an email: hex SHA-256 of it lower-cased (typed addresses are not kept). */
export const emailKey = (email: string) => createHash("sha256").update(email.trim().toLowerCase()).digest("hex");

/**
 * The network an address belongs to: an IPv4 address itself; for IPv6 its /64, which is one
 * subscriber's block (a client can pick any of its 2^64 addresses, so counting them one by one
 * would count nothing).
 */
export function networkOf(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::")
    ? [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right]
    : left;
  // An IPv4-mapped address (::ffff:192.0.2.1) is IPv4.
  if (groups.at(-1)?.includes(".")) return groups.at(-1)!;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/** Where this attempt counts: this browser when it signed in as `email` before, else its network. */
export function signInSource(ctx: Pick<Context, "app" | "headers" | "ip">, email: string): SignInSource {
  const deviceId = verifyDevice(readDeviceCookie(ctx.app, ctx.headers.get("cookie")), email, getEnv().SESSION_SECRET);
  return deviceId ? { key: `device:${deviceId}`, kind: "device" } : { key: `ip:${networkOf(ctx.ip)}`, kind: "network" };
}

/** Until when sign-in to `email` from `source` is locked, or null when it is not. */
export async function lockedUntil(
  db: Prisma.TransactionClient,
  email: string,
  source: SignInSource,
  now = new Date(),
): Promise<Date | null> {
  const row = await db.signInThrottle.findUnique({
    where: { emailHash_source: { emailHash: emailKey(email), source: source.key } },
    select: { lockedUntil: true },
  });
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

/**
 * Counts a failed sign-in in one statement, so concurrent guesses cannot slip past the threshold;
 * the 10th in a row locks the source for 15 minutes and starts the count again. Failures during
 * a lock neither count nor extend it. Returns the lock's end when this failure started it
 * (exactly one of racing requests does), else null.
 */
export async function countFailure(
  db: Prisma.TransactionClient,
  email: string,
  source: SignInSource,
  now = new Date(),
): Promise<Date | null> {
  const until = new Date(now.getTime() + LOCKOUT_MS);
  const rows = await db.$queryRaw<{ lockedUntil: Date | null }[]>`
    INSERT INTO "SignInThrottle" ("emailHash", "source", "failures", "lockedUntil", "updatedAt")
    VALUES (${emailKey(email)}, ${source.key}, 1, NULL, ${now})
    ON CONFLICT ("emailHash", "source") DO UPDATE SET
      "failures" = CASE WHEN "SignInThrottle"."failures" + 1 >= ${LOCKOUT_THRESHOLD} THEN 0 ELSE "SignInThrottle"."failures" + 1 END,
      "lockedUntil" = CASE WHEN "SignInThrottle"."failures" + 1 >= ${LOCKOUT_THRESHOLD} THEN ${until} ELSE "SignInThrottle"."lockedUntil" END,
      "updatedAt" = ${now}
    WHERE "SignInThrottle"."lockedUntil" IS NULL OR "SignInThrottle"."lockedUntil" <= ${now}
    RETURNING "lockedUntil"`;
  return rows[0]?.lockedUntil?.getTime() === until.getTime() ? until : null;
}

/** Forgets the failures from one source (after a successful sign-in from it). */
export async function clearSource(db: Prisma.TransactionClient, email: string, source: SignInSource): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { emailHash: emailKey(email), source: source.key } });
}

/** Lifts every lock and forgets every failure for these addresses (unlock link, password reset, an admin's unlock). */
export async function clearThrottles(db: Prisma.TransactionClient, emails: string[]): Promise<number> {
  const { count } = await db.signInThrottle.deleteMany({ where: { emailHash: { in: emails.map(emailKey) } } });
  return count;
}

/** Marks this browser as one that signed in as `email`: from now on its failures count apart. */
export function rememberDevice(ctx: Pick<Context, "app" | "responseHeaders">, email: string): void {
  const value = signDevice(generateDeviceId(), email, getEnv().SESSION_SECRET);
  ctx.responseHeaders.append("Set-Cookie", deviceCookie(ctx.app, value, { secure: secureCookies() }));
}
