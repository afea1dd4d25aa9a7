// The webhook-deliver job: posts one notification to its member's webhook. A failure that may pass
// (timeout, 5xx, 429) is thrown so pg-boss retries it with backoff; one that will not pass, or the
// last retry, counts against the endpoint, and five such in a row turn it off and tell the member.
// Only counts and short error texts are stored or logged: never the secret, never the payload.
import type { Logger } from "@tradecraft/config";
import type { PrismaClient } from "@tradecraft/db";
import { appLink } from "../email/outbox.ts";
import { notify } from "./notify.ts";
import { deliverWebhook } from "./webhook/index.ts";
import { WEBHOOK_TIMEOUT_MS, webhookPolicy, type WebhookPolicy } from "./webhook-policy.ts";

/** Failed deliveries in a row (each after its retries) that turn a webhook off. */
export const WEBHOOK_FAILURES_BEFORE_DISABLE = 5;

const MAX_ERROR_LENGTH = 200;

export type WebhookJobOutcome = "delivered" | "skipped" | "failed" | "disabled";

export interface WebhookJobOptions {
  /** The job's last try: a failure now counts against the endpoint instead of being retried. */
  isFinalAttempt: boolean;
  logger: Logger;
  /** Where deliveries may go; the process's policy by default (tests pass a strict one). */
  policy?: WebhookPolicy;
  /** Called after the member was told their webhook was turned off (the bell's live count). */
  onNotified?: (userId: string) => void;
}

/**
 * Delivers one notification to its member's webhook and records the outcome on the endpoint.
 * Throws only to ask for a retry (a failure that may pass, before the last attempt).
 */
export async function deliverNotificationWebhook(
  prisma: PrismaClient,
  notificationId: string,
  { isFinalAttempt, logger, policy = webhookPolicy(), onNotified }: WebhookJobOptions,
): Promise<WebhookJobOutcome> {
  const log = logger.child({ component: "webhook", notificationId });
  const notification = await prisma.notification.findUnique({
    where: { id: notificationId },
    select: { id: true, userId: true, kind: true, title: true, body: true, link: true, createdAt: true },
  });
  const endpoint =
    notification &&
    (await prisma.webhookEndpoint.findUnique({
      where: { userId: notification.userId },
      select: { url: true, secret: true, disabledAt: true },
    }));
  // The member (or their webhook) was deleted, or turned off, since the job was queued.
  if (!notification || !endpoint || endpoint.disabledAt) {
    log.info({ event: "webhook.skipped" }, "webhook delivery skipped: no active webhook");
    return "skipped";
  }

  const result = await deliverWebhook({
    url: endpoint.url,
    secret: endpoint.secret,
    // Receivers deduplicate on `id`: a retry sends the same notification under a new delivery id.
    payload: {
      type: "notification",
      id: notification.id,
      kind: notification.kind,
      title: notification.title,
      body: notification.body,
      link: appLink(notification.link ?? "/app/notifications"),
      createdAt: notification.createdAt.toISOString(),
    },
    timeoutMs: WEBHOOK_TIMEOUT_MS,
    ...policy,
  });
  const fields = { status: result.status, deliveryId: result.deliveryId };

  // Outcomes are recorded only while the endpoint still has the address we posted to: a member who
  // changed it meanwhile starts afresh, and the old address's failures are not theirs to carry.
  const same = { userId: notification.userId, url: endpoint.url };
  if (result.ok) {
    await prisma.webhookEndpoint.updateMany({
      where: { ...same, OR: [{ failures: { gt: 0 } }, { lastError: { not: null } }] },
      data: { failures: 0, lastError: null },
    });
    log.info({ event: "webhook.delivered", ...fields }, "webhook delivered");
    return "delivered";
  }

  const error = (result.error ?? `HTTP ${result.status}`).slice(0, MAX_ERROR_LENGTH);
  if (result.retryable && !isFinalAttempt) {
    log.warn({ event: "webhook.retry", ...fields, error }, "webhook delivery failed; will retry");
    throw new Error(`Webhook delivery failed (${error}); retrying`);
  }

  const disabled = await recordFailure(prisma, same, notification.userId, error);
  log.warn(
    { event: disabled ? "webhook.disabled" : "webhook.failed", ...fields, error, retryable: result.retryable },
    disabled ? "webhook turned off after repeated failures" : "webhook delivery failed",
  );
  if (disabled) onNotified?.(notification.userId);
  return disabled ? "disabled" : "failed";
}

// One failed delivery counted; the fifth in a row turns the endpoint off and tells the member, in
// the same transaction (so the count, the switch and the notice agree). The conditional increment
// locks the row, so of two concurrent failures only one sees the endpoint still on at the fifth.
async function recordFailure(
  prisma: PrismaClient,
  same: { userId: string; url: string },
  userId: string,
  error: string,
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.updateMany({
      where: { ...same, disabledAt: null },
      data: { failures: { increment: 1 }, lastError: error },
    });
    if (!count) return false;
    const { failures } = await tx.webhookEndpoint.findUniqueOrThrow({ where: { userId }, select: { failures: true } });
    if (failures < WEBHOOK_FAILURES_BEFORE_DISABLE) return false;
    await tx.webhookEndpoint.update({ where: { userId }, data: { disabledAt: new Date() }, select: { userId: true } });
    // disabledAt is set first, so notify() queues no webhook for this notice to the broken webhook.
    await notify(tx, {
      userId,
      kind: "WEBHOOK_DISABLED",
      title: "Your webhook was turned off",
      body:
        `The last ${failures} notifications we sent to your webhook all failed (the latest: ${error}), ` +
        "so we stopped sending them. Once your receiver works again, turn the webhook on again in " +
        "Settings → Notifications.",
      link: "/app/settings/notifications",
    });
    return true;
  });
}
