import { blankSessionCookie, hashPassword, sessionCookie, verifyPassword } from "@tradecraft/auth";
import { TRPCError } from "@trpc/server";
import type { Context } from "../context.ts";
import { recordAudit } from "../audit/record.ts";
import { appLink, queueEmail } from "../email/outbox.ts";
import { accountLocked } from "../email/templates.ts";
import { issueEmailToken } from "../account/tokens.service.ts";
import { enforceRateLimits } from "../rate-limit.ts";
import { secureCookies } from "../session.ts";
import type { LoginInput } from "./login.schema.ts";
import { createSession, invalidateSession, type SessionUser } from "./session.service.ts";
import {
  clearSource,
  countFailure,
  LOCKOUT_MS,
  lockedUntil,
  rememberDevice,
  type SignInSource,
  signInSource,
} from "./sign-in-throttle.ts";

export const LOGIN_FAILED = "Email or password is incorrect";
export { LOCKOUT_MS, LOCKOUT_THRESHOLD } from "./sign-in-throttle.ts";
/** An admin's lock lasts until an admin lifts it. */
export const INDEFINITE_LOCK = new Date("9999-12-31T00:00:00Z");
export const ADMIN_LOCKED = "This account is locked. Contact support to unlock it.";

// Verifying against a dummy hash when the email is unknown makes both answers cost the same.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword("tradecraft-timing-equaliser-not-a-password"));

/** What a locked source is told, whether or not the email has an account. */
export function lockedMessage(until: Date, now = new Date()): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return (
    `Too many failed sign-ins. This account is locked for ${minutes} more minute${minutes === 1 ? "" : "s"} here. ` +
    "If it is yours, the email we sent it has a link to unlock it now."
  );
}

/**
 * Signs in with email and password: a fresh session (any session the browser had ends, so no
 * fixation), its cookie and the device cookie. An unknown email and a wrong password get the
 * same answer after the same work, and so do their lockouts (sign-in-throttle.ts).
 * The admin app admits ADMIN users only.
 */
export async function login(ctx: Context, input: LoginInput): Promise<SessionUser> {
  await enforceRateLimits(ctx, [
    ["loginIp", `${ctx.app}:${ctx.ip}`],
    ["loginIpEmail", `${ctx.app}:${ctx.ip}:${input.email}`],
  ]);
  const now = new Date();
  const source = signInSource(ctx, input.email);
  const [user, lockEnds] = await Promise.all([
    ctx.prisma.user.findUnique({
      where: { email: input.email },
      select: {
        id: true,
        email: true,
        displayName: true,
        role: true,
        tier: true,
        passwordHash: true,
        lockedUntil: true,
      },
    }),
    lockedUntil(ctx.prisma, input.email, source, now),
  ]);
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), input.password);
  if (lockEnds) {
    await recordAudit(ctx, "auth.login.locked", {
      subjectId: user?.id ?? null,
      metadata: { source: source.kind, knownEmail: !!user },
    });
    throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: lockedMessage(lockEnds, now) });
  }
  if (!user?.passwordHash || !passwordOk) {
    ctx.logger.info({ event: "login.failed", knownEmail: !!user, source: source.kind }, "login failed");
    await recordFailure(ctx, { email: input.email, user, source, now });
    throw new TRPCError({ code: "UNAUTHORIZED", message: LOGIN_FAILED });
  }
  // Told only to someone who knows the password: to a guesser, an admin's lock looks like any account.
  if (user.lockedUntil && user.lockedUntil > now) {
    await recordAudit(ctx, "auth.login.locked", { subjectId: user.id, metadata: { byAdmin: true } });
    throw new TRPCError({ code: "FORBIDDEN", message: ADMIN_LOCKED });
  }
  if (ctx.app === "admin" && user.role !== "ADMIN") {
    ctx.logger.info({ event: "login.not_admin", userId: user.id }, "login refused: not an admin");
    throw new TRPCError({ code: "FORBIDDEN", message: "This account is not an admin." });
  }
  if (ctx.sessionId) await invalidateSession(ctx.prisma, ctx.sessionId);
  const session = await createSession(ctx.prisma, {
    userId: user.id,
    app: ctx.app,
    userAgent: ctx.headers.get("user-agent"),
    ip: ctx.ip,
  });
  ctx.responseHeaders.append(
    "Set-Cookie",
    sessionCookie(ctx.app, session.token, session.expiresAt, { secure: secureCookies() }),
  );
  rememberDevice(ctx, user.email);
  await clearSource(ctx.prisma, input.email, source);
  await ctx.prisma.user.update({ where: { id: user.id }, data: { lastLoginAt: now }, select: { id: true } });
  await recordAudit(ctx, "auth.login.succeeded", { actorId: user.id, subjectId: user.id, metadata: { app: ctx.app } });
  ctx.logger.info({ event: "login.succeeded", userId: user.id }, "signed in");
  const { passwordHash: _hash, lockedUntil: _locked, ...publicUser } = user;
  return publicUser;
}

/**
 * Counts a failed sign-in against its email and source; the 10th in a row locks that source for
 * 15 minutes and, when the email has an account, mails its owner a way back in.
 */
async function recordFailure(
  ctx: Context,
  {
    email,
    user,
    source,
    now,
  }: {
    email: string;
    user: { id: string; email: string; displayName: string } | null;
    source: SignInSource;
    now: Date;
  },
) {
  const lockEnds = await countFailure(ctx.prisma, email, source, now);
  await recordAudit(ctx, "auth.login.failed", {
    subjectId: user?.id ?? null,
    metadata: { source: source.kind, knownEmail: !!user },
  });
  if (!lockEnds) return;
  // Known or not, the lock is the same; only a real owner has a mailbox to tell. (Queueing the
  // mail is a few milliseconds against the password check's tens: the answers stay alike.)
  const mailed = user ? await mailLockout(ctx, user, now) : false;
  await recordAudit(ctx, "auth.lockout", {
    subjectId: user?.id ?? null,
    metadata: { minutes: LOCKOUT_MS / 60_000, source: source.kind, knownEmail: !!user, mailed },
  });
  ctx.logger.warn(
    { event: "login.lockout", userId: user?.id, source: source.kind },
    "sign-in locked after repeated failures",
  );
}

/**
 * Mails the owner a single-use unlock link (it lifts every lock on the account) and a reset
 * link. At most one such email an hour: its unlock link also lifts locks that came after it.
 */
async function mailLockout(
  ctx: Context,
  user: { id: string; email: string; displayName: string },
  now: Date,
): Promise<boolean> {
  return ctx.prisma.$transaction(async (tx) => {
    // One lockout mail at a time per member, however many sources lock at once.
    await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${user.id} FOR UPDATE`;
    const recent = await tx.userToken.count({
      where: {
        userId: user.id,
        purpose: "UNLOCK_ACCOUNT",
        usedAt: null,
        expiresAt: { gt: now },
        createdAt: { gt: new Date(now.getTime() - 60 * 60_000) },
      },
    });
    if (recent > 0) return false;
    const unlock = await issueEmailToken(tx, { userId: user.id, purpose: "UNLOCK_ACCOUNT", email: user.email, now });
    const reset = await issueEmailToken(tx, { userId: user.id, purpose: "RESET_PASSWORD", email: user.email, now });
    await queueEmail(tx, {
      userId: user.id,
      to: user.email,
      content: accountLocked({
        name: user.displayName,
        minutes: LOCKOUT_MS / 60_000,
        unlockLink: appLink("/unlock", { token: unlock }),
        resetLink: appLink("/reset-password", { token: reset }),
      }),
    });
    return true;
  });
}

/** Ends the request's session (if any) and clears its cookie. */
export async function logout(ctx: Context): Promise<{ signedOut: boolean }> {
  if (ctx.sessionId) await invalidateSession(ctx.prisma, ctx.sessionId);
  if (ctx.user)
    await recordAudit(ctx, "auth.logout", { actorId: ctx.user.id, subjectId: ctx.user.id, metadata: { app: ctx.app } });
  ctx.responseHeaders.append("Set-Cookie", blankSessionCookie(ctx.app, { secure: secureCookies() }));
  return { signedOut: ctx.sessionId !== null };
}
