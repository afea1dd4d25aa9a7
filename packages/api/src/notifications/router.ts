// notifications (issue 15): the bell, the list and the member's channel choices.
import { enforceRateLimits } from "../rate-limit.ts";
import { memberProcedure, router } from "../trpc.ts";
import {
  listNotifications,
  ListNotificationsInputSchema,
  markRead,
  MarkReadInputSchema,
  unreadCount,
} from "./notifications.handler.ts";
import { channelsByKind, PreferencesInputSchema, setPreferences } from "./preferences.ts";
import { getSms, removePhoneNumber, setPhoneNumber, SetPhoneNumberInputSchema } from "./sms-contact.ts";
import {
  getWebhook,
  removeWebhook,
  rotateWebhookSecret,
  setWebhook,
  SetWebhookInputSchema,
  testWebhook,
} from "./webhook-endpoint.ts";

export const notificationsRouter = router({
  /** Newest first, 30 a page, with the unread count. */
  list: memberProcedure.input(ListNotificationsInputSchema).query(({ ctx, input }) => listNotifications(ctx, input)),
  unreadCount: memberProcedure.query(({ ctx }) => unreadCount(ctx)),
  /** One of the member's notifications, or all, marked read. */
  markRead: memberProcedure.input(MarkReadInputSchema).mutation(({ ctx, input }) => markRead(ctx, input)),
  /** Email (each one or daily digest), webhook and text on or off, per kind (in-app is always on). */
  preferences: memberProcedure.query(({ ctx }) => channelsByKind(ctx.prisma, ctx.user.id)),
  setPreferences: memberProcedure
    .input(PreferencesInputSchema)
    .mutation(({ ctx, input }) => setPreferences(ctx.prisma, ctx.user.id, input)),
  /** The member's webhook with a hint of its secret, or null. */
  webhook: memberProcedure.query(({ ctx }) => getWebhook(ctx)),
  /** Saves and turns on the member's webhook; answers with its whole secret (shown once). */
  // Saving and testing make our server resolve and call an address the member chose: limited per member.
  setWebhook: memberProcedure.input(SetWebhookInputSchema).mutation(async ({ ctx, input }) => {
    await enforceRateLimits(ctx, [["webhookUser", ctx.user.id]]);
    return setWebhook(ctx, input);
  }),
  /** A new signing secret, whole (shown once). */
  rotateWebhookSecret: memberProcedure.mutation(({ ctx }) => rotateWebhookSecret(ctx)),
  removeWebhook: memberProcedure.mutation(({ ctx }) => removeWebhook(ctx)),
  /** Sends a signed test payload now and says what the receiver answered. */
  testWebhook: memberProcedure.mutation(async ({ ctx }) => {
    await enforceRateLimits(ctx, [["webhookUser", ctx.user.id]]);
    return testWebhook(ctx);
  }),
  /** Whether texts can be sent here, and the member's own number. */
  sms: memberProcedure.query(({ ctx }) => getSms(ctx)),
  /** Saves the member's number for text messages (E.164). */
  setPhoneNumber: memberProcedure
    .input(SetPhoneNumberInputSchema)
    .mutation(({ ctx, input }) => setPhoneNumber(ctx, input)),
  removePhoneNumber: memberProcedure.mutation(({ ctx }) => removePhoneNumber(ctx)),
});
