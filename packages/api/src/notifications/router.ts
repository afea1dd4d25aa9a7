// notifications (issue 15): the bell, the list and the member's channel choices.
import { memberProcedure, router } from "../trpc.ts";
import {
  listNotifications,
  ListNotificationsInputSchema,
  markRead,
  MarkReadInputSchema,
  unreadCount,
} from "./notifications.handler.ts";
import { channelsByKind, PreferencesInputSchema, setPreferences } from "./preferences.ts";

export const notificationsRouter = router({
  /** Newest first, 30 a page, with the unread count. */
  list: memberProcedure.input(ListNotificationsInputSchema).query(({ ctx, input }) => listNotifications(ctx, input)),
  unreadCount: memberProcedure.query(({ ctx }) => unreadCount(ctx)),
  /** One of the member's notifications, or all, marked read. */
  markRead: memberProcedure.input(MarkReadInputSchema).mutation(({ ctx, input }) => markRead(ctx, input)),
  /** Email and webhook on or off, per kind (in-app is always on). */
  preferences: memberProcedure.query(({ ctx }) => channelsByKind(ctx.prisma, ctx.user.id)),
  setPreferences: memberProcedure
    .input(PreferencesInputSchema)
    .mutation(({ ctx, input }) => setPreferences(ctx.prisma, ctx.user.id, input)),
});
