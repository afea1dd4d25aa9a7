// The daily email digest on a real PostgreSQL: a digest kind's email waits (notify() queues none),
// the digest goes once a day from 8 am in the member's zone, lists only unread notifications of
// digest kinds since the previous one, and is sent once however often the job runs.
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { createLogger } from "@tradecraft/config";
import { afterAll, describe, expect, it } from "vitest";
import { newMember } from "../testing/members.ts";
import { DIGEST_MAX_ITEMS, isDigestDue, runNotificationDigest } from "./digest.ts";
import { notify } from "./notify.ts";

const prisma = getPrisma();
const logger = createLogger({ level: "silent" });

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

const at = (iso: string) => new Date(iso);

/** A member who takes price alerts by email in the daily digest. */
async function digestMember(label: string, timeZone = "UTC") {
  const member = await newMember({ label, displayName: "Dana Digest", timeZone });
  await member.api.notifications.setPreferences({
    kinds: { PRICE_ALERT: { email: true, webhook: false, emailDigest: true } },
  });
  const note = (title: string, createdAt: string, extra: { kind?: "WEBHOOK_DISABLED"; readAt?: Date } = {}) =>
    prisma.notification.create({
      data: {
        userId: member.user.id,
        kind: "PRICE_ALERT",
        title,
        body: `${title}, body`,
        createdAt: at(createdAt),
        ...extra,
      },
      select: { id: true },
    });
  const emails = () =>
    prisma.emailMessage.findMany({
      where: { userId: member.user.id },
      select: { template: true, subject: true, textBody: true },
      orderBy: { createdAt: "asc" },
    });
  return { ...member, note, emails };
}

describe("isDigestDue", () => {
  it("is due from 8 am local, once per local day", () => {
    expect(isDigestDue(at("2031-03-10T07:59:00Z"), null, "UTC")).toBe(false);
    expect(isDigestDue(at("2031-03-10T08:07:00Z"), null, "UTC")).toBe(true);
    expect(isDigestDue(at("2031-03-10T09:07:00Z"), at("2031-03-10T08:07:00Z"), "UTC")).toBe(false);
    expect(isDigestDue(at("2031-03-11T08:07:00Z"), at("2031-03-10T08:07:00Z"), "UTC")).toBe(true);
    // New York is UTC-4 on 10 March 2031 (daylight time began the day before): 8 am there is 12:00 UTC.
    expect(isDigestDue(at("2031-03-10T11:07:00Z"), null, "America/New_York")).toBe(false);
    expect(isDigestDue(at("2031-03-10T12:07:00Z"), null, "America/New_York")).toBe(true);
    // A worker down all morning sends the digest late rather than not at all.
    expect(isDigestDue(at("2031-03-10T22:07:00Z"), at("2031-03-09T08:07:00Z"), "UTC")).toBe(true);
  });
});

describe("notification digest", () => {
  it("notify() queues no email for a digest kind, and still does for an urgent one", async () => {
    const member = await digestMember("digest-notify");
    // WEBHOOK_DISABLED is urgent: asking for its digest is ignored.
    const saved = await member.api.notifications.setPreferences({
      kinds: {
        PRICE_ALERT: { email: true, webhook: false, emailDigest: true },
        WEBHOOK_DISABLED: { email: true, webhook: false, emailDigest: true },
      },
    });
    expect(saved.PRICE_ALERT).toEqual({ email: true, webhook: false, sms: false, emailDigest: true });
    expect(saved.WEBHOOK_DISABLED).toEqual({ email: true, webhook: false, sms: false, emailDigest: false });
    const base = { userId: member.user.id, body: "b", link: null };
    await prisma.$transaction((tx) => notify(tx, { ...base, kind: "PRICE_ALERT", title: "AAPL above 200" }));
    await prisma.$transaction((tx) => notify(tx, { ...base, kind: "WEBHOOK_DISABLED", title: "Webhook off" }));
    expect(await member.emails()).toEqual([
      expect.objectContaining({ template: "notification", subject: "Webhook off" }),
    ]);
  });

  it("emails one digest of the unread digest-kind notifications since the last, once a day", async () => {
    const member = await digestMember("digest-daily");
    await member.note("AAPL above 200", "2031-03-10T01:00:00Z");
    await member.note("MSFT below 300", "2031-03-10T06:30:00Z");
    await member.note("Already read", "2031-03-10T05:00:00Z", { readAt: at("2031-03-10T05:01:00Z") });
    await member.note("Webhook off", "2031-03-10T04:00:00Z", { kind: "WEBHOOK_DISABLED" });
    await member.note("Too old", "2031-03-08T04:00:00Z");
    await member.note("After the cut-off", "2031-03-10T09:00:00Z");

    await runNotificationDigest(prisma, { now: at("2031-03-10T07:07:00Z"), logger });
    expect(await member.emails()).toEqual([]); // before 8 am

    await runNotificationDigest(prisma, { now: at("2031-03-10T08:07:00Z"), logger });
    const [digest, ...rest] = await member.emails();
    expect(rest).toEqual([]);
    expect(digest).toMatchObject({ template: "notification-digest", subject: "Your daily digest: 2 notifications" });
    expect(digest!.textBody).toContain("Hi Dana Digest,");
    expect(digest!.textBody).toContain("MSFT below 300 (2031-03-10 at 06:30 UTC): MSFT below 300, body");
    expect(digest!.textBody.indexOf("MSFT below 300")).toBeLessThan(digest!.textBody.indexOf("AAPL above 200"));
    for (const absent of ["Already read", "Webhook off", "Too old", "After the cut-off"])
      expect(digest!.textBody).not.toContain(absent);
    const contact = await prisma.notificationContact.findUniqueOrThrow({
      where: { userId: member.user.id },
      select: { lastDigestAt: true },
    });
    expect(contact.lastDigestAt).toEqual(at("2031-03-10T08:07:00Z"));

    // Later runs the same day send nothing more; the next day lists only what came after.
    await runNotificationDigest(prisma, { now: at("2031-03-10T09:07:00Z"), logger });
    await runNotificationDigest(prisma, { now: at("2031-03-10T23:07:00Z"), logger });
    expect(await member.emails()).toHaveLength(1);
    await runNotificationDigest(prisma, { now: at("2031-03-11T08:07:00Z"), logger });
    const next = (await member.emails())[1];
    expect(next).toMatchObject({ subject: "Your daily digest: 1 notification" });
    expect(next!.textBody).toContain("After the cut-off");
    expect(next!.textBody).not.toContain("AAPL above 200");
  });

  it("sends nothing on a quiet day, waits for 8 am in the member's zone, and sends once when runs race", async () => {
    const quiet = await digestMember("digest-quiet");
    await runNotificationDigest(prisma, { now: at("2031-04-01T08:07:00Z"), logger });
    expect(await quiet.emails()).toEqual([]);

    const member = await digestMember("digest-zone", "America/New_York");
    await member.note("AAPL above 200", "2031-04-01T10:00:00Z");
    await runNotificationDigest(prisma, { now: at("2031-04-01T11:07:00Z"), logger }); // 07:07 in New York
    expect(await member.emails()).toEqual([]);
    const now = at("2031-04-01T12:07:00Z");
    await Promise.all([1, 2, 3].map(() => runNotificationDigest(prisma, { now, logger })));
    expect(await member.emails()).toHaveLength(1);
  });

  it("lists at most 30 and counts the rest", async () => {
    const member = await digestMember("digest-many");
    for (let i = 0; i < DIGEST_MAX_ITEMS + 5; i++)
      await member.note(`Alert ${i}`, new Date(Date.UTC(2031, 4, 1, 1, i)).toISOString());
    await runNotificationDigest(prisma, { now: at("2031-05-01T08:07:00Z"), logger });
    const [digest] = await member.emails();
    expect(digest!.subject).toBe(`Your daily digest: ${DIGEST_MAX_ITEMS + 5} notifications`);
    expect(digest!.textBody).toContain("And 5 more in the app.");
    expect(digest!.textBody).not.toContain("Alert 4 ");
  });
});
