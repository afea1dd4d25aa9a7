// The member's webhook procedures through createCaller on a real PostgreSQL, with a real receiver
// on 127.0.0.1: address rules (production's too, through a strict policy), the secret shown once,
// a signed test send, and ownership (one member never sees or changes another's webhook).
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext, type MemberContext } from "../context.ts";
import type { SessionUser } from "../session.ts";
import { failureOf, newMember } from "../testing/members.ts";
import { PRIVATE_ADDRESS_MESSAGE, verifyWebhookSignature } from "./webhook/index.ts";
import { setWebhook } from "./webhook-endpoint.ts";
import { STRICT_WEBHOOK_POLICY } from "./webhook-policy.ts";
import { startReceiver, type TestReceiver } from "./webhook-test-receiver.ts";

const prisma = getPrisma();
let receiver: TestReceiver;

beforeAll(async () => {
  receiver = await startReceiver();
});

afterAll(async () => {
  await receiver.close();
  await closePrisma();
  await closeRedis();
});

describe("notifications.setWebhook", () => {
  it("refuses ftp:// and addresses with credentials, as field errors on url", async () => {
    const { api } = await newMember({ label: "webhook-refuse" });
    const ftp = await failureOf(api.notifications.setWebhook({ url: "ftp://example.com/hook" }));
    expect(ftp.code).toBe("BAD_REQUEST");
    expect(ftp.fields.url).toEqual(["Enter an https:// or http:// address"]);
    const credentials = await failureOf(api.notifications.setWebhook({ url: "https://me:pw@example.com/hook" }));
    expect(credentials.fields.url).toEqual(["Remove the user name and password from the address"]);
    expect(await api.notifications.webhook()).toBeNull();
  });

  it("in production refuses http:// and private addresses", async () => {
    const { api, user } = await newMember({ label: "webhook-strict" });
    // The handler called as the procedure calls it, with production's policy instead of the test env's.
    const ctx: MemberContext = {
      ...(await createContext({ headers: new Headers(), app: "web" })),
      user: user as SessionUser,
    };
    const privateTarget = await failureOf(setWebhook(ctx, { url: "https://127.0.0.1/hook" }, STRICT_WEBHOOK_POLICY));
    expect(privateTarget.fields.url).toEqual([PRIVATE_ADDRESS_MESSAGE]);
    const metadata = await failureOf(setWebhook(ctx, { url: "https://169.254.169.254/latest" }, STRICT_WEBHOOK_POLICY));
    expect(metadata.fields.url).toEqual([PRIVATE_ADDRESS_MESSAGE]);
    const http = await failureOf(setWebhook(ctx, { url: receiver.url }, STRICT_WEBHOOK_POLICY));
    expect(http.fields.url).toEqual(["Enter an https:// address"]);
    expect(await api.notifications.webhook()).toBeNull();
  });

  it("shows the whole secret once; afterwards only its last 4 characters", async () => {
    const { api } = await newMember({ label: "webhook-secret" });
    const saved = await api.notifications.setWebhook({ url: `  ${receiver.url}  ` });
    expect(saved.url).toBe(receiver.url);
    expect(saved.secret).toMatch(/^whsec_[\w-]{43}$/);
    const view = await api.notifications.webhook();
    expect(view).toEqual({
      url: receiver.url,
      secretHint: saved.secret.slice(-4),
      failures: 0,
      disabledAt: null,
      lastError: null,
    });
    expect(JSON.stringify(view)).not.toContain(saved.secret);

    // A new address keeps the secret (the receiver still verifies); a rotation replaces it.
    const moved = await api.notifications.setWebhook({ url: `${receiver.url}?v=2` });
    expect(moved.secret).toBe(saved.secret);
    const rotated = await api.notifications.rotateWebhookSecret();
    expect(rotated.secret).not.toBe(saved.secret);
    expect((await api.notifications.webhook())?.secretHint).toBe(rotated.secret.slice(-4));
  });

  it("turns a turned-off webhook on again, failures forgotten", async () => {
    const { api, user } = await newMember({ label: "webhook-reenable" });
    await api.notifications.setWebhook({ url: receiver.url });
    await prisma.webhookEndpoint.update({
      where: { userId: user.id },
      data: { failures: 5, disabledAt: new Date(), lastError: "HTTP 500" },
    });
    await api.notifications.setWebhook({ url: receiver.url });
    expect(await api.notifications.webhook()).toMatchObject({ failures: 0, disabledAt: null, lastError: null });
  });
});

describe("notifications.testWebhook", () => {
  it("sends a signed test payload the receiver verifies with the secret shown", async () => {
    const { api } = await newMember({ label: "webhook-test" });
    const { secret } = await api.notifications.setWebhook({ url: receiver.url });
    const before = receiver.received.length;
    expect(await api.notifications.testWebhook()).toEqual({ ok: true, status: 200, error: null });
    const [got] = receiver.received.slice(before);
    expect(JSON.parse(got!.body)).toMatchObject({ type: "test" });
    expect(verifyWebhookSignature(secret, got!.signature, got!.body)).toBe(true);
    expect(verifyWebhookSignature("whsec_someone_else", got!.signature, got!.body)).toBe(false);
  });

  it("reports a receiver's error without counting it", async () => {
    const { api } = await newMember({ label: "webhook-test-500" });
    await api.notifications.setWebhook({ url: receiver.url });
    receiver.status = 500;
    try {
      expect(await api.notifications.testWebhook()).toEqual({ ok: false, status: 500, error: "HTTP 500" });
    } finally {
      receiver.status = 200;
    }
    expect((await api.notifications.webhook())?.failures).toBe(0);
  });

  it("with no webhook is not found", async () => {
    const { api } = await newMember({ label: "webhook-none" });
    expect((await failureOf(api.notifications.testWebhook())).code).toBe("NOT_FOUND");
    expect((await failureOf(api.notifications.rotateWebhookSecret())).code).toBe("NOT_FOUND");
    expect(await api.notifications.removeWebhook()).toEqual({ removed: false });
  });
});

describe("ownership", () => {
  it("another member neither sees nor changes someone's webhook", async () => {
    const owner = await newMember({ label: "webhook-owner" });
    const other = await newMember({ label: "webhook-other" });
    const { secret } = await owner.api.notifications.setWebhook({ url: receiver.url });

    expect(await other.api.notifications.webhook()).toBeNull();
    expect(await other.api.notifications.removeWebhook()).toEqual({ removed: false });
    expect((await failureOf(other.api.notifications.rotateWebhookSecret())).code).toBe("NOT_FOUND");
    // Their own webhook is a separate row; the owner's is untouched.
    const theirs = await other.api.notifications.setWebhook({ url: `${receiver.url}?other` });
    expect(theirs.secret).not.toBe(secret);
    expect(await owner.api.notifications.webhook()).toMatchObject({ url: receiver.url, secretHint: secret.slice(-4) });

    expect(await owner.api.notifications.removeWebhook()).toEqual({ removed: true });
    expect(await owner.api.notifications.webhook()).toBeNull();
    expect(await other.api.notifications.webhook()).toMatchObject({ url: `${receiver.url}?other` });
  });
});

describe("limits", () => {
  it("a member may save or test their webhook 10 times an hour; the 11th is refused with a wait, nothing sent", async () => {
    const { api } = await newMember({ label: "webhook-limit" });
    await api.notifications.setWebhook({ url: receiver.url });
    for (let i = 0; i < 9; i++) await api.notifications.testWebhook();
    const before = receiver.received.length;
    const refused = await failureOf(api.notifications.testWebhook());
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.message).toMatch(/^Too many attempts\. Please wait \d+ minutes? and try again\.$/);
    expect(receiver.received.length).toBe(before);
    // Another member has their own allowance.
    const other = await newMember({ label: "webhook-limit-other" });
    await other.api.notifications.setWebhook({ url: `${receiver.url}?other` });
  });
});
