// A member's request to move to Pro, and an admin's decision on it. There is no payment provider
// yet: the request is an admin task, mailed to every admin and shown on the member's admin page.
import { getEnv } from "@tradecraft/config";
import type { Prisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import type { z } from "zod";
import { recordAudit } from "../audit/record.ts";
import type { SessionUser } from "../auth/session.service.ts";
import type { Context } from "../context.ts";
import { queueEmail } from "../email/outbox.ts";
import { proRequested } from "../email/templates.ts";
import { getTier, invalidateTier } from "../usage/tier.ts";
import type { DecideProRequestInputSchema, ListProRequestsInputSchema, RequestProInput } from "./pro-request.schema.ts";

type MemberContext = Context & { user: SessionUser };

const REQUEST_ROW = {
  id: true,
  status: true,
  message: true,
  createdAt: true,
  decidedAt: true,
} satisfies Prisma.ProRequestSelect;

export const OPEN_REQUEST_MESSAGE =
  "You already have a request waiting for an admin. Cancel it first to send a new one.";
export const ALREADY_PRO_MESSAGE = "You are already on the Pro plan.";
const NOT_FOUND_MESSAGE = "No such request.";

const adminUserLink = (userId: string) =>
  new URL(`/users/${encodeURIComponent(userId)}`, getEnv().ADMIN_URL).toString();

/** The member's tier and their latest Pro request (any state), for the plan page. */
export async function planState(ctx: MemberContext) {
  const [tier, request] = await Promise.all([
    getTier(ctx, ctx.user.id),
    ctx.prisma.proRequest.findFirst({
      where: { userId: ctx.user.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: REQUEST_ROW,
    }),
  ]);
  return { tier, request };
}

/**
 * Opens a request, mails every admin and records it. One open request at a time: the member's row
 * is locked while checking, so two submits at once cannot both pass.
 */
export async function requestPro(ctx: MemberContext, input: RequestProInput) {
  const request = await ctx.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${ctx.user.id} FOR UPDATE`;
    const member = await tx.user.findUnique({
      where: { id: ctx.user.id },
      select: { email: true, displayName: true, tier: true },
    });
    if (!member) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
    if (member.tier === "PRO") throw new TRPCError({ code: "BAD_REQUEST", message: ALREADY_PRO_MESSAGE });
    const open = await tx.proRequest.count({ where: { userId: ctx.user.id, status: "REQUESTED" } });
    if (open) throw new TRPCError({ code: "CONFLICT", message: OPEN_REQUEST_MESSAGE });
    const created = await tx.proRequest.create({
      data: { userId: ctx.user.id, message: input.message ?? null },
      select: REQUEST_ROW,
    });
    const admins = await tx.user.findMany({
      where: { role: "ADMIN" },
      select: { id: true, email: true, displayName: true },
      orderBy: { createdAt: "asc" },
      // Every admin of an internal team; the bound only keeps one request from queueing unbounded mail.
      take: 500,
    });
    for (const admin of admins) {
      await queueEmail(tx, {
        userId: admin.id,
        to: admin.email,
        content: proRequested({
          adminName: admin.displayName,
          member,
          message: created.message,
          link: adminUserLink(ctx.user.id),
        }),
      });
    }
    if (!admins.length) ctx.logger.warn({ requestId: created.id }, "a Pro request has no admin to notify");
    return created;
  });
  await recordAudit(ctx, "plan.pro_request.created", {
    actorId: ctx.user.id,
    subjectId: ctx.user.id,
    metadata: { proRequestId: request.id },
  });
  return request;
}

/** Withdraws the member's own open request (another member's is "not found"). */
export async function cancelProRequest(ctx: MemberContext, requestId: string) {
  const { count } = await ctx.prisma.proRequest.updateMany({
    where: { id: requestId, userId: ctx.user.id, status: "REQUESTED" },
    data: { status: "CANCELLED", decidedAt: new Date() },
  });
  if (!count) {
    const owned = await ctx.prisma.proRequest.findFirst({
      where: { id: requestId, userId: ctx.user.id },
      select: { status: true },
    });
    if (!owned) throw new TRPCError({ code: "NOT_FOUND", message: NOT_FOUND_MESSAGE });
    throw new TRPCError({ code: "CONFLICT", message: "This request was already decided or cancelled." });
  }
  await recordAudit(ctx, "plan.pro_request.cancelled", {
    actorId: ctx.user.id,
    subjectId: ctx.user.id,
    metadata: { proRequestId: requestId },
  });
  return { status: "CANCELLED" as const };
}

/** Requests in one state (pending by default), oldest first, optionally for one member. */
export async function listProRequests(ctx: MemberContext, input: z.infer<typeof ListProRequestsInputSchema>) {
  const where: Prisma.ProRequestWhereInput = {
    status: input.status,
    ...(input.userId ? { userId: input.userId } : {}),
  };
  const [total, requests] = await Promise.all([
    ctx.prisma.proRequest.count({ where }),
    ctx.prisma.proRequest.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: 100,
      select: {
        ...REQUEST_ROW,
        decidedById: true,
        user: { select: { id: true, email: true, displayName: true, tier: true } },
      },
    }),
  ]);
  return { total, requests };
}

/** An admin approves (the member moves to Pro at once) or declines an open request; audited. */
export async function decideProRequest(ctx: MemberContext, input: z.infer<typeof DecideProRequestInputSchema>) {
  const status = input.decision === "approve" ? "APPROVED" : "DECLINED";
  const userId = await ctx.prisma.$transaction(async (tx) => {
    const request = await tx.proRequest.findUnique({
      where: { id: input.requestId },
      select: { userId: true, status: true },
    });
    if (!request) throw new TRPCError({ code: "NOT_FOUND", message: NOT_FOUND_MESSAGE });
    // Only an open request can be decided; the status check in the update settles a race between two admins.
    const { count } = await tx.proRequest.updateMany({
      where: { id: input.requestId, status: "REQUESTED" },
      data: { status, decidedAt: new Date(), decidedById: ctx.user.id },
    });
    if (!count) {
      const message =
        request.status === "CANCELLED" ? "The member cancelled this request." : "This request was already decided.";
      throw new TRPCError({ code: "CONFLICT", message });
    }
    if (status === "APPROVED")
      await tx.user.update({ where: { id: request.userId }, data: { tier: "PRO" }, select: { id: true } });
    return request.userId;
  });
  if (status === "APPROVED") await invalidateTier(ctx, userId);
  await recordAudit(ctx, status === "APPROVED" ? "admin.pro_request.approved" : "admin.pro_request.declined", {
    actorId: ctx.user.id,
    subjectId: userId,
    metadata: { proRequestId: input.requestId, ...(status === "APPROVED" ? { tier: "PRO" } : {}) },
  });
  return { status };
}
