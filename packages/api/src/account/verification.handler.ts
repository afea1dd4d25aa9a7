import { Prisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import type { SessionUser } from "../auth/session.service.ts";
import { recordAudit } from "../audit/record.ts";
import type { Context } from "../context.ts";
import { appLink, queueEmail } from "../email/outbox.ts";
import { confirmNewEmail, emailChanged, verifyEmail as verifyEmailTemplate } from "../email/templates.ts";
import { enforceRateLimits } from "../rate-limit.ts";
import { fieldError } from "../trpc.ts";
import type { ChangeEmailInput } from "./email.schema.ts";
import { requireCurrentPassword } from "./reauth.ts";
import { consumeToken, findUsableToken, issueEmailToken } from "./tokens.service.ts";

type MemberContext = Context & { user: SessionUser };

/**
 * Mails a link that confirms the member's current address (inside the caller's transaction);
 * at sign-up it also says which time zone the account started with.
 */
export async function queueVerificationEmail(
  tx: Prisma.TransactionClient,
  user: { id: string; email: string; displayName: string },
  welcome?: { timeZone: string },
) {
  const token = await issueEmailToken(tx, { userId: user.id, purpose: "VERIFY_EMAIL", email: user.email });
  const content = verifyEmailTemplate({
    name: user.displayName,
    link: appLink("/verify-email", { token }),
    ...(welcome ? { timeZone: welcome.timeZone, profileLink: appLink("/app/settings/profile") } : {}),
  });
  await queueEmail(tx, { userId: user.id, to: user.email, content });
}

/** Sends a new verification link; at most 3 an hour. Earlier links stop working. */
export async function resendVerification(ctx: MemberContext): Promise<{ sentTo: string }> {
  const user = await ctx.prisma.user.findUniqueOrThrow({
    where: { id: ctx.user.id },
    select: { id: true, email: true, displayName: true, emailVerifiedAt: true },
  });
  if (user.emailVerifiedAt) throw new TRPCError({ code: "BAD_REQUEST", message: "Your email is already confirmed." });
  await enforceRateLimits(ctx, [["verifyResendUser", user.id]]);
  await ctx.prisma.$transaction((tx) => queueVerificationEmail(tx, user));
  await recordAudit(ctx, "account.email.verification_sent", { actorId: user.id, subjectId: user.id });
  return { sentTo: user.email };
}

export type VerifyEmailResult = { kind: "verified"; email: string } | { kind: "email-changed"; email: string };

/**
 * Follows a mailed link: confirms the current address (VERIFY_EMAIL) or switches to a new one
 * (CHANGE_EMAIL, then the old address is told). Works signed in or not: links open anywhere.
 */
export async function verifyEmail(ctx: Context, token: string): Promise<VerifyEmailResult> {
  const row = await findUsableToken(ctx.prisma, token, ["VERIFY_EMAIL", "CHANGE_EMAIL"]);
  const now = new Date();
  if (row.purpose === "VERIFY_EMAIL") {
    await ctx.prisma.$transaction(async (tx) => {
      await consumeToken(tx, row.id, now);
      // A link for an address the member has since left confirms nothing.
      const { count } = await tx.user.updateMany({
        where: { id: row.userId, email: row.email },
        data: { emailVerifiedAt: now },
      });
      if (count !== 1)
        throw new TRPCError({ code: "BAD_REQUEST", message: "This link is for an email your account no longer uses." });
    });
    await recordAudit(ctx, "account.email.verified", { actorId: row.userId, subjectId: row.userId });
    ctx.logger.info({ event: "email.verified", userId: row.userId }, "email verified");
    return { kind: "verified", email: row.email };
  }

  try {
    await ctx.prisma.$transaction(async (tx) => {
      await consumeToken(tx, row.id, now);
      const before = await tx.user.findUniqueOrThrow({
        where: { id: row.userId },
        select: { email: true, displayName: true },
      });
      await tx.user.update({
        where: { id: row.userId },
        data: { email: row.email, emailVerifiedAt: now },
        select: { id: true },
      });
      // Links mailed to the old address (verification, reset) must not work any more.
      await tx.userToken.deleteMany({ where: { userId: row.userId, usedAt: null } });
      await queueEmail(tx, {
        userId: row.userId,
        to: before.email,
        content: emailChanged({ name: before.displayName, newEmail: row.email, helpLink: appLink("/forgot-password") }),
      });
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new TRPCError({
        code: "CONFLICT",
        message: "Another account started using this email in the meantime, so we could not switch to it.",
      });
    }
    throw error;
  }
  await recordAudit(ctx, "account.email.changed", { actorId: row.userId, subjectId: row.userId });
  ctx.logger.info({ event: "email.changed", userId: row.userId }, "email changed");
  return { kind: "email-changed", email: row.email };
}

/**
 * Starts an email change: needs the current password; the new address gets a confirmation link
 * and the switch happens only when it is followed.
 */
export async function requestEmailChange(
  ctx: MemberContext,
  input: ChangeEmailInput,
): Promise<{ pendingEmail: string }> {
  await enforceRateLimits(ctx, [["emailChangeUser", ctx.user.id]]);
  const user = await requireCurrentPassword(ctx, input.currentPassword, "currentPassword");
  if (input.newEmail === user.email) throw fieldError("newEmail", "This is already your email.");
  const taken = await ctx.prisma.user.count({ where: { email: input.newEmail } });
  if (taken) throw fieldError("newEmail", "An account with this email already exists.");
  await ctx.prisma.$transaction(async (tx) => {
    const token = await issueEmailToken(tx, { userId: user.id, purpose: "CHANGE_EMAIL", email: input.newEmail });
    await queueEmail(tx, {
      userId: user.id,
      to: input.newEmail,
      content: confirmNewEmail({
        name: user.displayName,
        newEmail: input.newEmail,
        link: appLink("/verify-email", { token }),
      }),
    });
  });
  await recordAudit(ctx, "account.email.change_requested", { actorId: user.id, subjectId: user.id });
  return { pendingEmail: input.newEmail };
}
