import { hashPassword, sessionCookie } from "@tradecraft/auth";
import { Prisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import type { Context } from "../context.ts";
import { queueVerificationEmail } from "../account/verification.handler.ts";
import { recordAudit } from "../audit/record.ts";
import { enforceRateLimits } from "../rate-limit.ts";
import { secureCookies } from "../session.ts";
import { createSession, invalidateSession, type SessionUser } from "./session.service.ts";
import type { SignupInput } from "./signup.schema.ts";

export const EMAIL_TAKEN = "An account with this email already exists. Sign in instead, or reset your password.";

/**
 * Creates a member (role MEMBER, tier FREE) with their profile, mails them a link to confirm
 * their email and signs them in. User, profile and email are written together or not at all.
 */
export async function signup(ctx: Context, input: SignupInput): Promise<SessionUser> {
  await enforceRateLimits(ctx, [["signupIp", ctx.ip]]);
  if (input.website) {
    ctx.logger.warn({ event: "signup.honeypot" }, "sign-up refused: honeypot filled");
    throw new TRPCError({ code: "BAD_REQUEST", message: "We couldn't create your account. Please try again." });
  }
  const passwordHash = await hashPassword(input.password);
  let user: SessionUser;
  try {
    user = await ctx.prisma.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: {
          email: input.email,
          displayName: input.displayName,
          passwordHash,
          profile: { create: {} },
        },
        select: { id: true, email: true, displayName: true, role: true, tier: true },
      });
      await queueVerificationEmail(tx, created);
      return created;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new TRPCError({ code: "CONFLICT", message: EMAIL_TAKEN });
    }
    throw error;
  }
  if (ctx.sessionId) await invalidateSession(ctx.prisma, ctx.sessionId);
  const session = await createSession(ctx.prisma, {
    userId: user.id,
    app: "web",
    userAgent: ctx.headers.get("user-agent"),
    ip: ctx.ip,
  });
  ctx.responseHeaders.append("Set-Cookie", sessionCookie("web", session.token, session.expiresAt, { secure: secureCookies() }));
  await recordAudit(ctx, "auth.signup", { actorId: user.id, subjectId: user.id });
  ctx.logger.info({ event: "signup.succeeded", userId: user.id }, "member signed up");
  return user;
}
