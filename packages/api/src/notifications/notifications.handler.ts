// notifications.list|unreadCount|markRead: the member's own notifications only; another member's
// id is "not found". Reading one tells the member's other tabs (the bell) at once.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { MemberContext } from "../context.ts";
import { IdSchema } from "../validation/text.ts";
import { getNotificationBus } from "./notify.ts";

const PAGE = 30;

export const ListNotificationsInputSchema = z
  .strictObject({
    /** The id of the last notification of the previous page. */
    cursor: IdSchema.nullish(),
    unreadOnly: z.boolean().optional(),
  })
  .optional();

export const MarkReadInputSchema = z.union(
  [z.strictObject({ notificationId: IdSchema }), z.strictObject({ all: z.literal(true) })],
  { error: "Name a notification, or all of them" },
);

const NOTIFICATION = {
  id: true,
  kind: true,
  title: true,
  body: true,
  link: true,
  readAt: true,
  createdAt: true,
} as const;

/** The member's notifications, newest first, 30 a page. */
export async function listNotifications(ctx: MemberContext, input: z.infer<typeof ListNotificationsInputSchema>) {
  const rows = await ctx.prisma.notification.findMany({
    where: { userId: ctx.user.id, ...(input?.unreadOnly ? { readAt: null } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    ...(input?.cursor ? { cursor: { id: input.cursor, userId: ctx.user.id }, skip: 1 } : {}),
    select: NOTIFICATION,
  });
  return {
    items: rows.slice(0, PAGE),
    nextCursor: rows.length > PAGE ? rows[PAGE - 1]!.id : null,
    unread: await unreadCount(ctx),
  };
}

/** How many of the member's notifications are unread (the bell). */
export function unreadCount(ctx: MemberContext): Promise<number> {
  return ctx.prisma.notification.count({ where: { userId: ctx.user.id, readAt: null } });
}

/** Marks one of the member's notifications, or all of them, read. */
export async function markRead(ctx: MemberContext, input: z.infer<typeof MarkReadInputSchema>) {
  const now = new Date();
  if ("notificationId" in input) {
    const found = await ctx.prisma.notification.findFirst({
      where: { id: input.notificationId, userId: ctx.user.id },
      select: { readAt: true },
    });
    if (!found) throw new TRPCError({ code: "NOT_FOUND", message: "That notification was not found." });
    if (!found.readAt)
      await ctx.prisma.notification.updateMany({
        where: { id: input.notificationId, userId: ctx.user.id, readAt: null },
        data: { readAt: now },
      });
  } else {
    await ctx.prisma.notification.updateMany({ where: { userId: ctx.user.id, readAt: null }, data: { readAt: now } });
  }
  await getNotificationBus().changed(ctx.user.id);
  return { unread: await unreadCount(ctx) };
}
