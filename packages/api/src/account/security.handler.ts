import { checkPassword, hashPassword } from "@tradecraft/auth";
import { TRPCError } from "@trpc/server";
import type { Context } from "../context.ts";
import type { SessionUser } from "../auth/session.service.ts";
import { invalidateUserSessions } from "../auth/session.service.ts";
import { recordAudit } from "../audit/record.ts";
import { appLink, queueEmail } from "../email/outbox.ts";
import { passwordChanged } from "../email/templates.ts";
import { fieldError } from "../trpc.ts";
import { requireCurrentPassword } from "./reauth.ts";
import { approximateIp, describeUserAgent } from "./describe-session.ts";
import type { ChangePasswordInput } from "./security.schema.ts";

type MemberContext = Context & { user: SessionUser };

export interface ActiveSession {
  id: string;
  browser: string;
  os: string;
  approximateIp: string;
  createdAt: Date;
  lastSeenAt: Date;
  isCurrent: boolean;
}

/** The member's unexpired sessions in this app, most recently active first. */
export async function listSessions(ctx: MemberContext): Promise<ActiveSession[]> {
  const rows = await ctx.prisma.session.findMany({
    where: { userId: ctx.user.id, app: ctx.app === "admin" ? "ADMIN" : "WEB", expiresAt: { gt: new Date() } },
    select: { id: true, userAgent: true, ip: true, createdAt: true, lastSeenAt: true },
    orderBy: { lastSeenAt: "desc" },
    take: 100,
  });
  return rows.map((row) => ({
    id: row.id,
    ...describeUserAgent(row.userAgent),
    approximateIp: approximateIp(row.ip),
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    isCurrent: row.id === ctx.sessionId,
  }));
}

/** Ends one of the member's own sessions; someone else's (or an unknown id) is "not found". */
export async function revokeSession(ctx: MemberContext, sessionId: string): Promise<{ revoked: true }> {
  const { count } = await ctx.prisma.session.deleteMany({ where: { id: sessionId, userId: ctx.user.id } });
  if (count === 0) throw new TRPCError({ code: "NOT_FOUND", message: "That session was not found." });
  await recordAudit(ctx, "account.session.revoked", { actorId: ctx.user.id, subjectId: ctx.user.id });
  ctx.logger.info({ event: "session.revoked", userId: ctx.user.id }, "session revoked");
  return { revoked: true };
}

/** Ends every session of the member except this one. */
export async function revokeOtherSessions(ctx: MemberContext): Promise<{ revoked: number }> {
  const revoked = await invalidateUserSessions(ctx.prisma, ctx.user.id, { keep: ctx.sessionId ?? undefined });
  await recordAudit(ctx, "account.session.revoked_others", {
    actorId: ctx.user.id,
    subjectId: ctx.user.id,
    metadata: { revoked },
  });
  ctx.logger.info({ event: "session.revoked_others", userId: ctx.user.id, revoked }, "other sessions revoked");
  return { revoked };
}

/** Changes the password after checking the current one; every other session ends and the member is told by email. */
export async function changePassword(
  ctx: MemberContext,
  input: ChangePasswordInput,
): Promise<{ revokedSessions: number }> {
  const user = await requireCurrentPassword(ctx, input.currentPassword, "currentPassword");
  const verdict = checkPassword(input.newPassword, { email: user.email, displayName: user.displayName });
  if (!verdict.ok) throw fieldError("newPassword", verdict.problems.join(" "));
  const passwordHash = await hashPassword(input.newPassword);
  const now = new Date();
  const revoked = await ctx.prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: ctx.user.id }, data: { passwordHash }, select: { id: true } });
    const result = await tx.session.deleteMany({
      where: { userId: ctx.user.id, ...(ctx.sessionId ? { id: { not: ctx.sessionId } } : {}) },
    });
    // A reset link from before the change must not undo it.
    await tx.userToken.deleteMany({ where: { userId: ctx.user.id, purpose: "RESET_PASSWORD", usedAt: null } });
    await queueEmail(tx, {
      userId: ctx.user.id,
      to: user.email,
      content: passwordChanged({ name: user.displayName, when: now, forgotLink: appLink("/forgot-password") }),
    });
    return result;
  });
  await recordAudit(ctx, "account.password.changed", {
    actorId: ctx.user.id,
    subjectId: ctx.user.id,
    metadata: { revokedSessions: revoked.count },
  });
  ctx.logger.info({ event: "password.changed", userId: ctx.user.id }, "password changed");
  return { revokedSessions: revoked.count };
}
