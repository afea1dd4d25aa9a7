import { blankSessionCookie, hashPassword, sessionCookie, verifyPassword } from "@tradecraft/auth";
import { TRPCError } from "@trpc/server";
import type { Context } from "../context.ts";
import { enforceRateLimits } from "../rate-limit.ts";
import { secureCookies } from "../session.ts";
import type { LoginInput } from "./login.schema.ts";
import { createSession, invalidateSession, type SessionUser } from "./session.service.ts";

export const LOGIN_FAILED = "Email or password is incorrect";

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
    select: { id: true, email: true, displayName: true, role: true, tier: true, passwordHash: true },
  });
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), input.password);
  if (!user?.passwordHash || !passwordOk) {
    ctx.logger.info({ event: "login.failed", knownEmail: !!user }, "login failed");
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
  ctx.logger.info({ event: "login.succeeded", userId: user.id }, "signed in");
  const { passwordHash: _hash, ...publicUser } = user;
  return publicUser;
}

/** Ends the request's session (if any) and clears its cookie. */
export async function logout(ctx: Context): Promise<{ signedOut: boolean }> {
  if (ctx.sessionId) await invalidateSession(ctx.prisma, ctx.sessionId);
  ctx.responseHeaders.append("Set-Cookie", blankSessionCookie(ctx.app, { secure: secureCookies() }));
  return { signedOut: ctx.sessionId !== null };
}
