import { blankSessionCookie, hashPassword, sessionCookie, verifyPassword } from "@tradecraft/auth";
import { TRPCError } from "@trpc/server";
import type { Context } from "../context.ts";
import { recordAudit } from "../audit/record.ts";
import { appLink, queueEmail } from "../email/outbox.ts";
import { accountLocked } from "../email/templates.ts";
import { enforceRateLimits } from "../rate-limit.ts";
import { secureCookies } from "../session.ts";
import type { LoginInput } from "./login.schema.ts";
import { createSession, invalidateSession, type SessionUser } from "./session.service.ts";

export const LOGIN_FAILED = "Email or password is incorrect";
export const LOCKOUT_THRESHOLD = 10;
export const LOCKOUT_MS = 15 * 60 * 1000;
/** An admin's lock lasts until an admin lifts it. */
export const INDEFINITE_LOCK = new Date("9999-12-31T00:00:00Z");

// Verifying against a dummy hash when the email is unknown makes both answers cost the same.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword("tradecraft-timing-equaliser-not-a-password"));

/**
 * Signs in with email and password: a fresh session (any session the browser had ends, so no
 * fixation) and its cookie. The same answer for an unknown email and a wrong password.
 * The admin app admits ADMIN users only.
 */
export async function login(ctx: Context, input: LoginInput): Promise<SessionUser> {
  await enforceRateLimits(ctx, [
    ["loginIp", `${ctx.app}:${ctx.ip}`],
    ["loginIpEmail", `${ctx.app}:${ctx.ip}:${input.email}`],
  ]);
  const user = await ctx.prisma.user.findUnique({
    where: { email: input.email },
    select: { id: true, email: true, displayName: true, role: true, tier: true, passwordHash: true, lockedUntil: true },
  });
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), input.password);
  const now = new Date();
  if (user?.lockedUntil && user.lockedUntil > now) {
    await recordAudit(ctx, "auth.login.locked", { subjectId: user.id });
    if (user.lockedUntil.getTime() >= INDEFINITE_LOCK.getTime()) {
      throw new TRPCError({ code: "FORBIDDEN", message: "This account is locked. Contact support to unlock it." });
    }
    const minutes = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000);
    throw new TRPCError({
      code: "TOO_MANY_REQUESTS",
      message: `Too many failed sign-ins for this account. It is locked for ${minutes} more minute${minutes === 1 ? "" : "s"}.`,
    });
  }
  if (!user?.passwordHash || !passwordOk) {
    ctx.logger.info({ event: "login.failed", knownEmail: !!user }, "login failed");
    if (user) await recordFailure(ctx, user.id, now);
    else await recordAudit(ctx, "auth.login.failed", { metadata: { knownEmail: false } });
    throw new TRPCError({ code: "UNAUTHORIZED", message: LOGIN_FAILED });
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
  ctx.responseHeaders.append("Set-Cookie", sessionCookie(ctx.app, session.token, session.expiresAt, { secure: secureCookies() }));
  await ctx.prisma.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now }, select: { id: true } });
  await recordAudit(ctx, "auth.login.succeeded", { actorId: user.id, subjectId: user.id, metadata: { app: ctx.app } });
  ctx.logger.info({ event: "login.succeeded", userId: user.id }, "signed in");
  const { passwordHash: _hash, lockedUntil: _locked, ...publicUser } = user;
  return publicUser;
}

/** Counts a failed sign-in; the 10th in a row locks the account for 15 minutes and tells its owner by email. */
async function recordFailure(ctx: Context, userId: string, now: Date) {
  // One atomic increment, so concurrent guesses cannot slip past the threshold.
  const updated = await ctx.prisma.user.update({
    where: { id: userId },
    data: { failedLoginCount: { increment: 1 } },
    select: { failedLoginCount: true },
  });
  await recordAudit(ctx, "auth.login.failed", { subjectId: userId, metadata: { consecutiveFailures: updated.failedLoginCount } });
  if (updated.failedLoginCount >= LOCKOUT_THRESHOLD) {
    await ctx.prisma.$transaction(async (tx) => {
      const owner = await tx.user.update({
        where: { id: userId },
        data: { failedLoginCount: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_MS) },
        select: { email: true, displayName: true },
      });
      await queueEmail(tx, {
        userId,
        to: owner.email,
        content: accountLocked({ name: owner.displayName, minutes: LOCKOUT_MS / 60_000, forgotLink: appLink("/forgot-password") }),
      });
    });
    await recordAudit(ctx, "auth.lockout", { subjectId: userId, metadata: { minutes: LOCKOUT_MS / 60_000 } });
    ctx.logger.warn({ event: "login.lockout", userId }, "account locked after repeated failures");
  }
}

/** Ends the request's session (if any) and clears its cookie. */
export async function logout(ctx: Context): Promise<{ signedOut: boolean }> {
  if (ctx.sessionId) await invalidateSession(ctx.prisma, ctx.sessionId);
  if (ctx.user) await recordAudit(ctx, "auth.logout", { actorId: ctx.user.id, subjectId: ctx.user.id, metadata: { app: ctx.app } });
  ctx.responseHeaders.append("Set-Cookie", blankSessionCookie(ctx.app, { secure: secureCookies() }));
  return { signedOut: ctx.sessionId !== null };
}
