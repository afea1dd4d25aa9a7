import { checkPassword, hashPassword, sessionCookie } from "@tradecraft/auth";
import type { Context } from "../context.ts";
import { findUsableToken, consumeToken, issueEmailToken } from "../account/tokens.service.ts";
import { recordAudit } from "../audit/record.ts";
import { appLink, queueEmail } from "../email/outbox.ts";
import { passwordChanged, passwordReset } from "../email/templates.ts";
import { enforceRateLimits } from "../rate-limit.ts";
import { secureCookies } from "../session.ts";
import { fieldError } from "../trpc.ts";
import type { RequestPasswordResetInput, ResetPasswordInput } from "./password-reset.schema.ts";
import { createSession, type SessionUser } from "./session.service.ts";
import { clearThrottles, rememberDevice } from "./sign-in-throttle.ts";

/** What a forgot-password request always answers, whether or not the email has an account. */
export const RESET_REQUESTED =
  "If an account uses that email, we have sent it a link to choose a new password. The link works for 1 hour.";

/** Mails a reset link to the account's owner (by a member, or by an admin for them). */
export async function sendPasswordResetEmail(
  ctx: Pick<Context, "prisma">,
  user: { id: string; email: string; displayName: string },
) {
  await ctx.prisma.$transaction(async (tx) => {
    const token = await issueEmailToken(tx, { userId: user.id, purpose: "RESET_PASSWORD", email: user.email });
    await queueEmail(tx, {
      userId: user.id,
      to: user.email,
      content: passwordReset({ name: user.displayName, link: appLink("/reset-password", { token }) }),
    });
  });
}

/** Starts a reset. The answer never says whether the email has an account. */
export async function requestPasswordReset(
  ctx: Context,
  input: RequestPasswordResetInput,
): Promise<{ message: string }> {
  await enforceRateLimits(ctx, [
    ["forgotIp", ctx.ip],
    ["forgotEmail", input.email],
  ]);
  const user = await ctx.prisma.user.findUnique({
    where: { email: input.email },
    select: { id: true, email: true, displayName: true },
  });
  if (user) {
    await sendPasswordResetEmail(ctx, user);
    await recordAudit(ctx, "auth.password_reset.requested", { subjectId: user.id });
    ctx.logger.info({ event: "password_reset.requested", userId: user.id }, "password reset requested");
  } else {
    await recordAudit(ctx, "auth.password_reset.requested", { metadata: { knownEmail: false } });
    ctx.logger.info(
      { event: "password_reset.requested", knownEmail: false },
      "password reset requested for an unknown email",
    );
  }
  return { message: RESET_REQUESTED };
}

/** Whether a reset link can still be used (the reset page checks before showing its form). */
export async function checkResetToken(ctx: Context, token: string): Promise<{ email: string }> {
  const row = await findUsableToken(ctx.prisma, token, ["RESET_PASSWORD"]);
  return { email: row.email };
}

/**
 * Completes a reset: the new password must pass the policy (the link stays usable if not); then,
 * in one transaction, the token is used up, every session of the member ends and the
 * "password changed" notice is queued. The member is signed in afresh.
 */
export async function resetPassword(ctx: Context, input: ResetPasswordInput): Promise<SessionUser> {
  const token = await findUsableToken(ctx.prisma, input.token, ["RESET_PASSWORD"]);
  const user = await ctx.prisma.user.findUniqueOrThrow({
    where: { id: token.userId },
    select: { id: true, email: true, displayName: true, role: true, tier: true },
  });
  const verdict = checkPassword(input.password, { email: user.email, displayName: user.displayName });
  if (!verdict.ok) throw fieldError("password", verdict.problems.join(" "));
  const passwordHash = await hashPassword(input.password);
  const now = new Date();
  const revoked = await ctx.prisma.$transaction(async (tx) => {
    await consumeToken(tx, token.id, now);
    await tx.user.update({
      where: { id: user.id },
      // Following the link proved the address; a reset also lifts a lockout, from every source.
      data: { passwordHash, lockedUntil: null },
      select: { id: true },
    });
    await clearThrottles(tx, [user.email]);
    await tx.user.updateMany({
      where: { id: user.id, emailVerifiedAt: null, email: token.email },
      data: { emailVerifiedAt: now },
    });
    await tx.userToken.deleteMany({ where: { userId: user.id, purpose: "RESET_PASSWORD", usedAt: null } });
    const { count } = await tx.session.deleteMany({ where: { userId: user.id } });
    await queueEmail(tx, {
      userId: user.id,
      to: user.email,
      content: passwordChanged({ name: user.displayName, when: now, forgotLink: appLink("/forgot-password") }),
    });
    return count;
  });
  const session = await createSession(ctx.prisma, {
    userId: user.id,
    app: "web",
    userAgent: ctx.headers.get("user-agent"),
    ip: ctx.ip,
  });
  ctx.responseHeaders.append(
    "Set-Cookie",
    sessionCookie("web", session.token, session.expiresAt, { secure: secureCookies() }),
  );
  rememberDevice(ctx, user.email);
  await recordAudit(ctx, "auth.password_reset.completed", {
    actorId: user.id,
    subjectId: user.id,
    metadata: { revokedSessions: revoked },
  });
  ctx.logger.info({ event: "password_reset.completed", userId: user.id, revokedSessions: revoked }, "password reset");
  return user;
}
