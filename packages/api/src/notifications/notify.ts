// Writing a notification: the in-app row, and in the same transaction its email (through the
// outbox), its webhook delivery and its text message (pg-boss jobs), as the member's preferences
// for the kind say. If the change that causes it rolls back, nothing of it was sent. An email the
// member takes in the daily digest is not queued here: the digest job finds the row later.
import { rootLogger } from "@tradecraft/config";
import { enqueueJob, getRedis, type NotificationKind, type Prisma, QUEUES } from "@tradecraft/db";
import { appLink, queueEmail } from "../email/outbox.ts";
import { notificationEmail } from "../email/templates.ts";
import { NotificationBus } from "./bus.ts";
import { canDigest, channelsFor } from "./preferences.ts";
import { isSmsConfigured } from "./sms.ts";

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** A path inside the members' app. */
  link: string | null;
}

/** Writes a notification and queues its email, webhook and text copies inside `tx`; returns its id. */
export async function notify(tx: Prisma.TransactionClient, notification: NewNotification): Promise<string> {
  const { id } = await tx.notification.create({ data: notification, select: { id: true } });
  const channels = await channelsFor(tx, notification.userId, notification.kind);
  if (channels.email && !(channels.emailDigest && canDigest(notification.kind))) {
    const user = await tx.user.findUnique({
      where: { id: notification.userId },
      select: { email: true, displayName: true },
    });
    if (user)
      await queueEmail(tx, {
        userId: notification.userId,
        to: user.email,
        content: notificationEmail({
          name: user.displayName,
          title: notification.title,
          body: notification.body,
          link: appLink(notification.link ?? "/app/notifications"),
          settingsLink: appLink("/app/settings/notifications"),
        }),
      });
  }
  if (channels.webhook) {
    const endpoint = await tx.webhookEndpoint.findUnique({
      where: { userId: notification.userId },
      select: { disabledAt: true },
    });
    if (endpoint && !endpoint.disabledAt) await enqueueJob(tx, QUEUES.webhookDeliver.name, { notificationId: id });
  }
  if (channels.sms && isSmsConfigured()) {
    const contact = await tx.notificationContact.findUnique({
      where: { userId: notification.userId },
      select: { phoneNumber: true },
    });
    if (contact?.phoneNumber) await enqueueJob(tx, QUEUES.smsDeliver.name, { notificationId: id });
  }
  return id;
}

let bus: NotificationBus | undefined;

/** This process's notification bus (the bell's live count), built on first use. */
export function getNotificationBus(): NotificationBus {
  bus ??= new NotificationBus({ redis: getRedis(), logger: rootLogger() });
  return bus;
}
