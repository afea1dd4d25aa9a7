// Writing a notification: the in-app row, and in the same transaction its email (through the
// outbox), its webhook delivery and its text message (pg-boss jobs), as the member's preferences
// for the kind say. If the change that causes it rolls back, nothing of it was sent. An email the
// member takes in the daily digest is not queued here: the digest job finds the row later.
import { rootLogger } from "@tradecraft/config";
import { randomUUID } from "node:crypto";
import { enqueueJobs, getRedis, type NotificationKind, type Prisma, QUEUES } from "@tradecraft/db";
import { appLink, queueEmails } from "../email/outbox.ts";
import { notificationEmail } from "../email/templates.ts";
import { NotificationBus } from "./bus.ts";
import { canDigest, DEFAULT_CHANNELS } from "./preferences.ts";
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
  const [id] = await notifyMany(tx, [notification]);
  return id!;
}

/**
 * Writes many notifications and queues their copies inside `tx` in a fixed number of statements
 * (an update of the ticker may fire a thousand alerts at once); returns their ids in order.
 */
export async function notifyMany(tx: Prisma.TransactionClient, notifications: NewNotification[]): Promise<string[]> {
  if (!notifications.length) return [];
  const rows = notifications.map((n) => ({ ...n, id: randomUUID() }));
  await tx.notification.createMany({ data: rows });
  const userIds = [...new Set(rows.map((r) => r.userId))];
  const [preferences, users, endpoints, contacts] = await Promise.all([
    tx.notificationPreference.findMany({
      where: { userId: { in: userIds }, kind: { in: [...new Set(rows.map((r) => r.kind))] } },
      select: { userId: true, kind: true, email: true, webhook: true, sms: true, emailDigest: true },
    }),
    tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true, displayName: true } }),
    tx.webhookEndpoint.findMany({ where: { userId: { in: userIds }, disabledAt: null }, select: { userId: true } }),
    isSmsConfigured()
      ? tx.notificationContact.findMany({
          where: { userId: { in: userIds } },
          select: { userId: true, phoneNumber: true },
        })
      : Promise.resolve([]),
  ]);
  const chosen = new Map(preferences.map(({ userId, kind, ...channels }) => [`${userId}:${kind}`, channels]));
  const userById = new Map(users.map((u) => [u.id, u]));
  const withWebhook = new Set(endpoints.map((e) => e.userId));
  const withNumber = new Set(contacts.filter((c) => c.phoneNumber).map((c) => c.userId));

  const emails: { userId: string; to: string; content: ReturnType<typeof notificationEmail> }[] = [];
  const webhookJobs: { notificationId: string }[] = [];
  const smsJobs: { notificationId: string }[] = [];
  for (const row of rows) {
    const channels = chosen.get(`${row.userId}:${row.kind}`) ?? DEFAULT_CHANNELS[row.kind];
    const user = userById.get(row.userId);
    // An email the member takes in the daily digest is not queued here: the digest job finds the row later.
    if (user && channels.email && !(channels.emailDigest && canDigest(row.kind)))
      emails.push({
        userId: row.userId,
        to: user.email,
        content: notificationEmail({
          name: user.displayName,
          title: row.title,
          body: row.body,
          link: appLink(row.link ?? "/app/notifications"),
          settingsLink: appLink("/app/settings/notifications"),
        }),
      });
    if (channels.webhook && withWebhook.has(row.userId)) webhookJobs.push({ notificationId: row.id });
    if (channels.sms && withNumber.has(row.userId)) smsJobs.push({ notificationId: row.id });
  }
  await queueEmails(tx, emails);
  await enqueueJobs(tx, QUEUES.webhookDeliver.name, webhookJobs);
  await enqueueJobs(tx, QUEUES.smsDeliver.name, smsJobs);
  return rows.map((r) => r.id);
}

let bus: NotificationBus | undefined;

/** This process's notification bus (the bell's live count), built on first use. */
export function getNotificationBus(): NotificationBus {
  bus ??= new NotificationBus({ redis: getRedis(), logger: rootLogger() });
  return bus;
}
