// Conversations: the member's own, never archived ones. Another member's id is "not found".
import { getEnv } from "@tradecraft/config";
import { TRPCError } from "@trpc/server";
import type { MemberContext } from "../journal/accounts.handler.ts";
import { consumeQuota, releaseQuota } from "../usage/quota.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const CONVERSATION = { id: true, title: true, createdAt: true, lastActivityAt: true, expiresAt: true } as const;
const MESSAGE = {
  id: true,
  role: true,
  content: true,
  mode: true,
  imageKey: true,
  model: true,
  createdAt: true,
} as const;

/** When a conversation last active at `lastActivityAt` expires (COACH_RETENTION_DAYS later). */
export function expiryAfter(lastActivityAt: Date, retentionDays = getEnv().COACH_RETENTION_DAYS): Date {
  return new Date(lastActivityAt.getTime() + retentionDays * DAY_MS);
}

/** One of the member's live conversations, or NOT_FOUND (archived and other members' included). */
export async function requireConversation(ctx: MemberContext, conversationId: string) {
  const conversation = await ctx.prisma.conversation.findFirst({
    where: { id: conversationId, userId: ctx.user.id, archivedAt: null },
    select: CONVERSATION,
  });
  if (!conversation) throw new TRPCError({ code: "NOT_FOUND", message: "That conversation was not found." });
  return conversation;
}

/** Starts a conversation, taking one unit of the member's conversation allowance. */
export async function createConversation(ctx: MemberContext, input: { title?: string | undefined }) {
  await consumeQuota(ctx, { kind: "conversations", units: 1 });
  const now = new Date();
  try {
    return await ctx.prisma.conversation.create({
      data: {
        userId: ctx.user.id,
        title: input.title ?? "New conversation",
        lastActivityAt: now,
        expiresAt: expiryAfter(now),
      },
      select: CONVERSATION,
    });
  } catch (error) {
    await releaseQuota(ctx, { kind: "conversations", units: 1 });
    throw error;
  }
}

/** The member's live conversations, most recent activity first. */
export async function listConversations(ctx: MemberContext) {
  return ctx.prisma.conversation.findMany({
    where: { userId: ctx.user.id, archivedAt: null },
    orderBy: [{ lastActivityAt: "desc" }, { id: "desc" }],
    take: 200,
    select: CONVERSATION,
  });
}

export async function renameConversation(ctx: MemberContext, input: { conversationId: string; title: string }) {
  await requireConversation(ctx, input.conversationId);
  return ctx.prisma.conversation.update({
    where: { id: input.conversationId },
    data: { title: input.title },
    select: CONVERSATION,
  });
}

/** Soft delete: the conversation leaves the list and the model's context; the archival job moves its messages later. */
export async function deleteConversation(ctx: MemberContext, conversationId: string) {
  await requireConversation(ctx, conversationId);
  await ctx.prisma.conversation.update({
    where: { id: conversationId },
    data: { archivedAt: new Date() },
    select: { id: true },
  });
  return { deleted: true as const };
}

/** A conversation with its messages, oldest first. */
export async function openConversation(ctx: MemberContext, conversationId: string) {
  const conversation = await requireConversation(ctx, conversationId);
  const messages = await ctx.prisma.conversationMessage.findMany({
    where: { conversationId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
    select: MESSAGE,
  });
  return { conversation, messages: messages.map(({ imageKey, ...m }) => ({ ...m, hasImage: imageKey !== null })) };
}
