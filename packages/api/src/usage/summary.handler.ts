import { TRPCError } from "@trpc/server";
import type { SessionUser } from "../auth/session.service.ts";
import type { Context } from "../context.ts";
import { getUsage, type UsageSummary } from "./quota.ts";

/** The member's own usage; a conversation must be theirs (another member's is "not found"). */
export async function usageSummary(
  ctx: Context & { user: SessionUser },
  input: { conversationId?: string | undefined },
): Promise<UsageSummary> {
  if (input.conversationId) {
    const owned = await ctx.prisma.conversation.count({ where: { id: input.conversationId, userId: ctx.user.id } });
    if (!owned) throw new TRPCError({ code: "NOT_FOUND", message: "No such conversation." });
  }
  return getUsage(ctx, { conversationId: input.conversationId });
}
