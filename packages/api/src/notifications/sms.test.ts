// Text messages on a real PostgreSQL with the Twilio-compatible stub on 127.0.0.1: the member's
// number (checked, their own only), the preference that makes notify() queue an sms-deliver job,
// the job's request as the provider sees it, and retries asked for by throwing.
import { createLogger } from "@tradecraft/config";
import { closePrisma, closeRedis, getPrisma, JOB_SCHEMA, QUEUES } from "@tradecraft/db";
import { type SmsStub, startSmsStub } from "@tradecraft/testing/sms-stub";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { failureOf, newMember } from "../testing/members.ts";
import { notify } from "./notify.ts";
import { sendSms, type SmsConfig } from "./sms.ts";
import { PHONE_NUMBER_MESSAGE, PhoneNumberSchema } from "./sms-contact.ts";
import { deliverNotificationSms, MAX_SMS_LENGTH, smsText } from "./sms-job.ts";

// SMS counts as configured for notify() and the procedures (the env is read once, lazily); the
// job itself is pointed at the stub, whose port is only known once it runs.
vi.hoisted(() => {
  Object.assign(process.env, {
    SMS_PROVIDER_URL: "http://127.0.0.1:9",
    SMS_ACCOUNT_SID: "AC-env",
    SMS_AUTH_TOKEN: "env-token",
    SMS_FROM: "+15005550006",
  });
});

const prisma = getPrisma();
const logger = createLogger({ level: "silent" });
let stub: SmsStub;
let config: SmsConfig;

beforeAll(async () => {
  stub = await startSmsStub();
  config = { url: stub.url, accountSid: stub.accountSid, authToken: stub.authToken, from: "+15005550006" };
});
beforeEach(() => stub.reset());
afterAll(async () => {
  await stub.close();
  await closePrisma();
  await closeRedis();
});

const smsJobsFor = (notificationId: string) =>
  prisma.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM ${JOB_SCHEMA}.job WHERE name = $1 AND data->>'notificationId' = $2`,
    QUEUES.smsDeliver.name,
    notificationId,
  );

/** A member with a number who wants price alerts by text only, and a way to notify them. */
async function textingMember(label: string, phoneNumber = "+14155550123") {
  const member = await newMember({ label });
  await member.api.notifications.setPhoneNumber({ phoneNumber });
  await member.api.notifications.setPreferences({
    kinds: { PRICE_ALERT: { email: false, webhook: false, sms: true } },
  });
  const alert = (title = "AAPL above 200", body = "AAPL above 200 at 201.50") =>
    prisma.$transaction((tx) =>
      notify(tx, { userId: member.user.id, kind: "PRICE_ALERT", title, body, link: "/app/alerts" }),
    );
  return { ...member, alert };
}

describe("phone numbers", () => {
  it("accepts E.164, with the spaces and dashes people type, and refuses the rest with one message", () => {
    expect(PhoneNumberSchema.parse("+14155550123")).toBe("+14155550123");
    expect(PhoneNumberSchema.parse(" +1 (415) 555-0123 ")).toBe("+14155550123");
    expect(PhoneNumberSchema.parse("+447911123456")).toBe("+447911123456");
    for (const bad of [
      "4155550123",
      "+04155550123",
      "+123456",
      "+1234567890123456",
      "+1415555O123",
      "",
      "++14155550123",
    ]) {
      const result = PhoneNumberSchema.safeParse(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(PHONE_NUMBER_MESSAGE);
    }
  });

  it("a bad number is refused as a field error and nothing is stored", async () => {
    const { api, user } = await newMember({ label: "sms-bad" });
    const failure = await failureOf(api.notifications.setPhoneNumber({ phoneNumber: "555-0123" }));
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fields).toEqual({ phoneNumber: [PHONE_NUMBER_MESSAGE] });
    expect(
      await prisma.notificationContact.findUnique({ where: { userId: user.id }, select: { userId: true } }),
    ).toBeNull();
    expect(await api.notifications.sms()).toEqual({ isAvailable: true, phoneNumber: null });
  });

  it("another member cannot read, name or remove someone's number", async () => {
    const owner = await textingMember("sms-owner");
    const other = await newMember({ label: "sms-other" });
    expect(await owner.api.notifications.sms()).toEqual({ isAvailable: true, phoneNumber: "+14155550123" });
    expect(await other.api.notifications.sms()).toEqual({ isAvailable: true, phoneNumber: null });
    // The input has no member id to aim at someone else: an extra key is refused outright.
    const failure = await failureOf(
      other.api.notifications.setPhoneNumber({ phoneNumber: "+14155550199", userId: owner.user.id } as never),
    );
    expect(failure.code).toBe("BAD_REQUEST");
    expect(await other.api.notifications.removePhoneNumber()).toEqual({ removed: false });
    expect(await owner.api.notifications.sms()).toMatchObject({ phoneNumber: "+14155550123" });
    expect(await owner.api.notifications.removePhoneNumber()).toEqual({ removed: true });
    expect(await owner.api.notifications.sms()).toMatchObject({ phoneNumber: null });
  });
});

describe("notify() and the sms-deliver job", () => {
  it("queues a text for a kind with sms on, and the stub receives To, From and Body with Basic auth", async () => {
    const member = await textingMember("sms-send");
    const id = await member.alert();
    expect(await smsJobsFor(id)).toHaveLength(1);
    // Text only was chosen: no email for this notification.
    expect(await prisma.emailMessage.count({ where: { userId: member.user.id } })).toBe(0);

    expect(await deliverNotificationSms(prisma, id, { isFinalAttempt: false, logger, config })).toBe("sent");
    expect(stub.requests).toEqual([
      {
        accountSid: stub.accountSid,
        auth: { user: stub.accountSid, password: stub.authToken },
        contentType: "application/x-www-form-urlencoded",
        to: "+14155550123",
        from: "+15005550006",
        body: "AAPL above 200\nAAPL above 200 at 201.50",
        status: 201,
      },
    ]);
    expect(stub.messages).toHaveLength(1);
  });

  it("queues nothing while sms is off for the kind, or without a number", async () => {
    const member = await textingMember("sms-off");
    await member.api.notifications.setPreferences({ kinds: { PRICE_ALERT: { email: false, webhook: false } } });
    expect(await smsJobsFor(await member.alert())).toHaveLength(0);

    await member.api.notifications.setPreferences({
      kinds: { PRICE_ALERT: { email: false, webhook: false, sms: true } },
    });
    await member.api.notifications.removePhoneNumber();
    expect(await smsJobsFor(await member.alert())).toHaveLength(0);
  });

  it("a 500 throws for a retry before the last attempt, and is dropped on the last", async () => {
    const member = await textingMember("sms-500");
    const id = await member.alert();
    stub.script({ status: 500 }, { status: 500 });
    await expect(deliverNotificationSms(prisma, id, { isFinalAttempt: false, logger, config })).rejects.toThrow(
      /HTTP 500/,
    );
    expect(await deliverNotificationSms(prisma, id, { isFinalAttempt: true, logger, config })).toBe("failed");
    expect(stub.messages).toHaveLength(0);
    // The next try after a retryable failure goes through.
    expect(await deliverNotificationSms(prisma, id, { isFinalAttempt: false, logger, config })).toBe("sent");
  });

  it("skips a text whose member removed their number since it was queued", async () => {
    const member = await textingMember("sms-gone");
    const id = await member.alert();
    await member.api.notifications.removePhoneNumber();
    expect(await deliverNotificationSms(prisma, id, { isFinalAttempt: false, logger, config })).toBe("skipped");
    expect(stub.requests).toHaveLength(0);
  });
});

describe("sendSms", () => {
  const to = { to: "+14155550123", body: "hello" };

  it("classifies answers: 429 and timeouts may pass, 400 and wrong credentials will not", async () => {
    stub.script({ status: 429 });
    expect(await sendSms(config, to)).toMatchObject({ ok: false, httpStatus: 429, retryable: true });
    stub.script({ status: 400, body: { code: 21211, message: "Invalid 'To' Phone Number" } });
    expect(await sendSms(config, to)).toEqual({
      ok: false,
      httpStatus: 400,
      retryable: false,
      error: "HTTP 400 (21211): Invalid 'To' Phone Number",
    });
    expect(await sendSms({ ...config, authToken: "wrong" }, to)).toMatchObject({ httpStatus: 401, retryable: false });
    stub.script({ delayMs: 1_000 });
    expect(await sendSms(config, to, { timeoutMs: 100 })).toMatchObject({ httpStatus: null, retryable: true });
    expect(await sendSms({ ...config, url: "http://127.0.0.1:9" }, to)).toMatchObject({ retryable: true });
  });

  it("a 2xx it cannot read is final (the text may have gone), never retried", async () => {
    stub.script({ status: 201, body: { unexpected: true } });
    expect(await sendSms(config, to)).toMatchObject({ ok: false, httpStatus: 201, retryable: false });
  });
});

describe("smsText", () => {
  it("is the title and body, cut to 300 characters with an ellipsis", () => {
    expect(smsText("Title", "Body")).toBe("Title\nBody");
    const long = smsText("AAPL above 200", "x".repeat(1_000));
    expect(long).toHaveLength(MAX_SMS_LENGTH);
    expect(long.endsWith("…")).toBe(true);
  });
});
