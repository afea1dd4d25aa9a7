// The webhook-deliver job on a real PostgreSQL with a real receiver on 127.0.0.1: a signed
// delivery, retries asked for by throwing, failures counted on the last attempt, the webhook
// turned off (and the member told) after five in a row, and the whole path from an alert firing.
import { randomInt } from "node:crypto";
import { createLogger } from "@tradecraft/config";
import { closePrisma, closeRedis, getPrisma, JOB_SCHEMA, QUEUES } from "@tradecraft/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAlerts } from "../alerts/checker.ts";
import { initialAlertState } from "../alerts/domain/frequency.ts";
import { newMember } from "../testing/members.ts";
import { verifyWebhookSignature } from "./webhook/index.ts";
import { deliverNotificationWebhook, WEBHOOK_FAILURES_BEFORE_DISABLE } from "./webhook-job.ts";
import { capturingLogger, startReceiver, type TestReceiver } from "./webhook-test-receiver.ts";

const prisma = getPrisma();
const logger = createLogger({ level: "silent" });
let receiver: TestReceiver;

beforeAll(async () => {
  receiver = await startReceiver();
});

afterAll(async () => {
  await receiver.close();
  await closePrisma();
  await closeRedis();
});

/** A member with a webhook on the receiver, and a notification of theirs. */
async function memberWithWebhook(label: string) {
  const member = await newMember({ label });
  const { secret } = await member.api.notifications.setWebhook({ url: receiver.url });
  const note = () =>
    prisma.notification.create({
      data: {
        userId: member.user.id,
        kind: "PRICE_ALERT",
        title: "AAPL above 200",
        body: "AAPL above 200 at 201",
        link: "/app/alerts",
      },
      select: { id: true, createdAt: true },
    });
  return { ...member, secret, note };
}

const endpointOf = (userId: string) =>
  prisma.webhookEndpoint.findUniqueOrThrow({
    where: { userId },
    select: { failures: true, disabledAt: true, lastError: true },
  });

/** Runs `fn` while the receiver answers `status`. */
async function answering<T>(status: number, fn: () => Promise<T>): Promise<T> {
  receiver.status = status;
  try {
    return await fn();
  } finally {
    receiver.status = 200;
  }
}

describe("deliverNotificationWebhook", () => {
  it("posts the notification, signed with the member's secret, without logging the secret or the body", async () => {
    const { user, secret, note } = await memberWithWebhook("job-deliver");
    const { id, createdAt } = await note();
    const before = receiver.received.length;
    const { logger: captured, lines } = capturingLogger();
    expect(await deliverNotificationWebhook(prisma, id, { isFinalAttempt: false, logger: captured })).toBe("delivered");

    const [got] = receiver.received.slice(before);
    expect(verifyWebhookSignature(secret, got!.signature, got!.body)).toBe(true);
    expect(JSON.parse(got!.body)).toEqual({
      type: "notification",
      id,
      kind: "PRICE_ALERT",
      title: "AAPL above 200",
      body: "AAPL above 200 at 201",
      link: expect.stringMatching(/^https?:\/\/[^/]+\/app\/alerts$/),
      createdAt: createdAt.toISOString(),
    });
    expect(lines.map((l) => JSON.parse(l))).toContainEqual(
      expect.objectContaining({ component: "webhook", notificationId: id, status: 200, event: "webhook.delivered" }),
    );
    expect(lines.join("")).not.toContain(secret);
    expect(lines.join("")).not.toContain("AAPL above 200 at 201");
    expect(await endpointOf(user.id)).toEqual({ failures: 0, disabledAt: null, lastError: null });
  });

  it("a 500 throws for a retry before the last attempt, and counts a failure on the last", async () => {
    const { user, note } = await memberWithWebhook("job-500");
    const { id } = await note();
    await answering(500, async () => {
      await expect(deliverNotificationWebhook(prisma, id, { isFinalAttempt: false, logger })).rejects.toThrow(
        /HTTP 500/,
      );
      expect(await endpointOf(user.id)).toMatchObject({ failures: 0 });
      expect(await deliverNotificationWebhook(prisma, id, { isFinalAttempt: true, logger })).toBe("failed");
    });
    expect(await endpointOf(user.id)).toEqual({ failures: 1, disabledAt: null, lastError: "HTTP 500" });
  });

  it("a failure that cannot pass (404) counts at once, without a retry", async () => {
    const { user, note } = await memberWithWebhook("job-404");
    const { id } = await note();
    const outcome = await answering(404, () =>
      deliverNotificationWebhook(prisma, id, { isFinalAttempt: false, logger }),
    );
    expect(outcome).toBe("failed");
    expect(await endpointOf(user.id)).toMatchObject({ failures: 1, lastError: "HTTP 404" });
  });

  it("a success resets the failures", async () => {
    const { user, note } = await memberWithWebhook("job-reset");
    const { id } = await note();
    await answering(500, () => deliverNotificationWebhook(prisma, id, { isFinalAttempt: true, logger }));
    await answering(500, () => deliverNotificationWebhook(prisma, id, { isFinalAttempt: true, logger }));
    expect((await endpointOf(user.id)).failures).toBe(2);
    expect(await deliverNotificationWebhook(prisma, id, { isFinalAttempt: false, logger })).toBe("delivered");
    expect(await endpointOf(user.id)).toEqual({ failures: 0, disabledAt: null, lastError: null });
  });

  it("five final failures in a row turn the webhook off and tell the member in-app and by email", async () => {
    const { user, secret, note, api } = await memberWithWebhook("job-disable");
    const { id } = await note();
    const notified: string[] = [];
    const outcomes = await answering(503, async () => {
      const all = [];
      for (let i = 0; i < WEBHOOK_FAILURES_BEFORE_DISABLE; i++) {
        all.push(
          await deliverNotificationWebhook(prisma, id, {
            isFinalAttempt: true,
            logger,
            onNotified: (u) => notified.push(u),
          }),
        );
      }
      return all;
    });
    expect(outcomes).toEqual(["failed", "failed", "failed", "failed", "disabled"]);
    expect(notified).toEqual([user.id]);
    const endpoint = await endpointOf(user.id);
    expect(endpoint).toMatchObject({ failures: 5, lastError: "HTTP 503" });
    expect(endpoint.disabledAt).toBeInstanceOf(Date);

    const notices = await prisma.notification.findMany({
      where: { userId: user.id, kind: "WEBHOOK_DISABLED" },
      select: { title: true, body: true, link: true },
    });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ title: "Your webhook was turned off", link: "/app/settings/notifications" });
    expect(notices[0]!.body).toContain("Settings → Notifications");
    expect(notices[0]!.body).not.toContain(secret);
    const emails = await prisma.emailMessage.findMany({
      where: { userId: user.id, template: "notification" },
      select: { subject: true },
    });
    expect(emails).toEqual([{ subject: "Your webhook was turned off" }]);

    // Turned off: later jobs skip quietly, and the receiver hears nothing more.
    const before = receiver.received.length;
    expect(await deliverNotificationWebhook(prisma, id, { isFinalAttempt: true, logger })).toBe("skipped");
    expect(receiver.received.length).toBe(before);
    // Saving the webhook again turns it back on.
    await api.notifications.setWebhook({ url: receiver.url });
    expect(await deliverNotificationWebhook(prisma, id, { isFinalAttempt: true, logger })).toBe("delivered");
  });

  it("skips a notification or webhook that is gone", async () => {
    const { note, api } = await memberWithWebhook("job-gone");
    const { id } = await note();
    await api.notifications.removeWebhook();
    expect(await deliverNotificationWebhook(prisma, id, { isFinalAttempt: false, logger })).toBe("skipped");
    expect(await deliverNotificationWebhook(prisma, "no-such-notification", { isFinalAttempt: false, logger })).toBe(
      "skipped",
    );
  });
});

describe("from an alert to the member's webhook", () => {
  it("a firing queues a webhook-deliver job whose delivery reaches the receiver", async () => {
    const { user, api, secret } = await memberWithWebhook("job-full-path");
    await api.notifications.setPreferences({ kinds: { PRICE_ALERT: { email: false, webhook: true } } });
    const symbol = `WHK${randomInt(1e9)}`;
    const { id: alertId } = await prisma.alert.create({
      data: {
        userId: user.id,
        symbol,
        condition: { type: "above", level: 100 },
        frequency: "ONLY_ONCE",
        message: "{{symbol}} {{condition}} at {{price}}",
        timeZone: "UTC",
        state: initialAlertState() as never,
      },
      select: { id: true },
    });
    const at = Date.UTC(2026, 11, 7, 15, 0, 0);
    const summary = await checkAlerts(
      { prisma, logger, now: () => at },
      {
        type: "ticker_update",
        id: "1",
        data: [{ symbol, price: 101, change24h: null, at }],
        timestamp: at,
        stale: false,
      },
    );
    expect(summary.fired).toBe(1);

    const [notification] = await prisma.notification.findMany({ where: { userId: user.id }, select: { id: true } });
    const jobs = await prisma.$queryRawUnsafe<{ data: { notificationId: string } }[]>(
      `SELECT data FROM ${JOB_SCHEMA}.job WHERE name = $1 AND data->>'notificationId' = $2`,
      QUEUES.webhookDeliver.name,
      notification!.id,
    );
    expect(jobs).toEqual([{ data: { notificationId: notification!.id } }]);
    expect(await prisma.emailMessage.count({ where: { userId: user.id } })).toBe(0);

    const before = receiver.received.length;
    await deliverNotificationWebhook(prisma, jobs[0]!.data.notificationId, { isFinalAttempt: false, logger });
    const [got] = receiver.received.slice(before);
    expect(verifyWebhookSignature(secret, got!.signature, got!.body)).toBe(true);
    expect(JSON.parse(got!.body)).toMatchObject({
      type: "notification",
      id: notification!.id,
      kind: "PRICE_ALERT",
      title: `${symbol} above 100.00 at 101.00`,
      link: expect.stringContaining(`/app/alerts#alert-${alertId}`),
    });
  });
});
