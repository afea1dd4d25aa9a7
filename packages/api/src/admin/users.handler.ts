import type { Prisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import type { z } from "zod";
import { recordAudit } from "../audit/record.ts";
import { INDEFINITE_LOCK } from "../auth/login.handler.ts";
import { sendPasswordResetEmail } from "../auth/password-reset.handler.ts";
import { clearThrottles } from "../auth/sign-in-throttle.ts";
import type { SessionUser } from "../auth/session.service.ts";
import type { Context } from "../context.ts";
import { invalidateTier } from "../usage/tier.ts";
import { type ListUsersInputSchema, USERS_PAGE_SIZE } from "./users.schema.ts";

type AdminContext = Context & { user: SessionUser };

const USER_ROW = {
  id: true,
  email: true,
  displayName: true,
  role: true,
  tier: true,
  emailVerifiedAt: true,
  lockedUntil: true,
  lastLoginAt: true,
  createdAt: true,
} satisfies Prisma.UserSelect;

/** Users matching an email or name fragment, newest first, 50 a page. */
export async function listUsers(ctx: AdminContext, input: z.infer<typeof ListUsersInputSchema>) {
  const where: Prisma.UserWhereInput = input.query
    ? {
        OR: [
          { email: { contains: input.query, mode: "insensitive" } },
          { displayName: { contains: input.query, mode: "insensitive" } },
        ],
      }
    : {};
  const [total, rows] = await Promise.all([
    ctx.prisma.user.count({ where }),
    ctx.prisma.user.findMany({
      where,
      select: USER_ROW,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: (input.page - 1) * USERS_PAGE_SIZE,
      take: USERS_PAGE_SIZE,
    }),
  ]);
  const now = new Date();
  return {
    users: rows.map((row) => ({ ...row, isLocked: !!row.lockedUntil && row.lockedUntil > now })),
    page: input.page,
    pageCount: Math.max(1, Math.ceil(total / USERS_PAGE_SIZE)),
    total,
  };
}

/** One user with their active session count and their latest audit events. */
export async function getUser(ctx: AdminContext, userId: string) {
  const user = await ctx.prisma.user.findUnique({ where: { id: userId }, select: USER_ROW });
  if (!user) throw new TRPCError({ code: "NOT_FOUND", message: "No such user." });
  const [activeSessions, recentEvents] = await Promise.all([
    ctx.prisma.session.count({ where: { userId, expiresAt: { gt: new Date() } } }),
    ctx.prisma.auditEvent.findMany({
      where: { subjectId: userId },
      orderBy: { createdAt: "desc" },
      take: 20,
      select: { id: true, action: true, actorId: true, ip: true, createdAt: true },
    }),
  ]);
  return {
    user: { ...user, isLocked: !!user.lockedUntil && user.lockedUntil > new Date() },
    activeSessions,
    recentEvents,
  };
}

async function requireUserExists(ctx: AdminContext, userId: string) {
  const exists = await ctx.prisma.user.count({ where: { id: userId } });
  if (!exists) throw new TRPCError({ code: "NOT_FOUND", message: "No such user." });
}

/** Moves a member between the FREE and PRO tiers. */
export async function setTier(ctx: AdminContext, userId: string, tier: "FREE" | "PRO") {
  await requireUserExists(ctx, userId);
  await ctx.prisma.user.update({ where: { id: userId }, data: { tier }, select: { id: true } });
  await invalidateTier(ctx, userId);
  await recordAudit(ctx, "admin.user.tier_changed", { actorId: ctx.user.id, subjectId: userId, metadata: { tier } });
  return { tier };
}

/** Locks an account until unlocked (ending its sessions), or lifts any lock. */
export async function setLock(ctx: AdminContext, userId: string, locked: boolean) {
  await requireUserExists(ctx, userId);
  if (userId === ctx.user.id && locked) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "You cannot lock your own account." });
  }
  await ctx.prisma.$transaction(async (tx) => {
    const { email } = await tx.user.update({
      where: { id: userId },
      data: { lockedUntil: locked ? INDEFINITE_LOCK : null },
      select: { email: true },
    });
    if (locked) await tx.session.deleteMany({ where: { userId } });
    // Unlocking also lifts the locks that failed sign-ins put on the account, from every source.
    else await clearThrottles(tx, [email]);
  });
  await recordAudit(ctx, locked ? "admin.user.locked" : "admin.user.unlocked", {
    actorId: ctx.user.id,
    subjectId: userId,
  });
  return { locked };
}

/** Marks the user's email as verified (e.g. after support confirmed it by other means). */
export async function markVerified(ctx: AdminContext, userId: string) {
  await requireUserExists(ctx, userId);
  await ctx.prisma.user.update({ where: { id: userId }, data: { emailVerifiedAt: new Date() }, select: { id: true } });
  await recordAudit(ctx, "admin.user.email_verified", { actorId: ctx.user.id, subjectId: userId });
  return { verified: true };
}

/** Signs the user out everywhere. */
export async function revokeUserSessions(ctx: AdminContext, userId: string) {
  await requireUserExists(ctx, userId);
  const { count } = await ctx.prisma.session.deleteMany({ where: { userId } });
  await recordAudit(ctx, "admin.user.sessions_revoked", {
    actorId: ctx.user.id,
    subjectId: userId,
    metadata: { revoked: count },
  });
  return { revoked: count };
}

/** Mails the user a link to choose a new password (their current one keeps working until then). */
export async function sendUserPasswordReset(ctx: AdminContext, userId: string) {
  const user = await ctx.prisma.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, displayName: true },
  });
  if (!user) throw new TRPCError({ code: "NOT_FOUND", message: "No such user." });
  await sendPasswordResetEmail(ctx, user);
  await recordAudit(ctx, "admin.user.password_reset_sent", { actorId: ctx.user.id, subjectId: userId });
  return { sentTo: user.email };
}
