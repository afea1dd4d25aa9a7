// The journeys that go through email, end to end below the browser: procedures called through the
// caller on a real database, the real pg-boss worker delivering over real SMTP to a server in
// this process, and the links read from the messages that arrived.
import { randomUUID } from "node:crypto";
import { hashPassword, verifyPassword } from "@tradecraft/auth";
import { rootLogger } from "@tradecraft/config";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { startTestMailServer, type ReceivedMail } from "@tradecraft/testing/mail-server";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOGIN_FAILED, LOCKOUT_THRESHOLD } from "../auth/login.handler.ts";
import { RESET_REQUESTED } from "../auth/password-reset.handler.ts";
import { createContext } from "../context.ts";
import { startJobWorkers, type JobWorkers } from "../jobs/worker.ts";
import { createCaller } from "../root.ts";
import { inputErrorsOf } from "../trpc.ts";
import { deliverEmail, NO_SMTP } from "./deliver.ts";

const prisma = getPrisma();
const PASSWORD = "violet tractor sings under copper rain";
const NEW_PASSWORD = "seven quiet herons fold paper lanterns";
let mail: Awaited<ReturnType<typeof startTestMailServer>>;
let workers: JobWorkers;
let ipCounter = 0;

beforeAll(async () => {
  mail = await startTestMailServer();
  workers = await startJobWorkers({
    databaseUrl: process.env.DATABASE_URL!,
    logger: rootLogger(),
    email: { smtpUrl: mail.url, from: "Tradecraft <no-reply@tradecraft.test>", logLinks: false },
    pollingIntervalSeconds: 0.5,
    // Only email: other test files' jobs (the excursions job after an import) are theirs to run.
    queues: ["email-deliver"],
  });
});

afterAll(async () => {
  await workers?.stop();
  await mail?.stop();
  await closePrisma();
  await closeRedis();
});

/** A browser: its own IP (so rate limits stay per test) and, once signed in, its cookie. */
async function browser({
  cookie,
  app = "web" as "web" | "admin",
  ip,
}: { cookie?: string; app?: "web" | "admin"; ip?: string } = {}) {
  ipCounter += 1;
  const headers = new Headers({ "user-agent": "Mozilla/5.0 (X11; Linux x86_64) email-journeys" });
  if (cookie) headers.set("cookie", cookie);
  const ctx = await createContext({
    headers,
    app,
    requestId: `email-journeys-${ipCounter}`,
    // Unique per browser and per run: Redis keeps rate-limit counters between test runs.
    ip: ip ?? `2001:db8:${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}::${ipCounter}`,
    responseHeaders: new Headers(),
  });
  return { api: createCaller(ctx), ctx };
}

/** The session cookie a response set, as a Cookie header. */
function cookieFrom(ctx: { responseHeaders: Headers }): string {
  const set = ctx.responseHeaders.getSetCookie().find((c) => /^tc_(admin_)?session=[a-z2-7]+/.test(c));
  if (!set) throw new Error(`no session cookie in ${JSON.stringify(ctx.responseHeaders.getSetCookie())}`);
  return set.split(";")[0]!;
}

async function signUp(label: string) {
  const email = `${label}-${randomUUID().slice(0, 8)}@Example.test`;
  await (await browser()).api.auth.signup({ email, password: PASSWORD, displayName: `Pat ${label}` });
  // Sign-up signs nobody in (its answer must not tell whether the address was free): sign in.
  const { api, ctx } = await browser();
  const user = await api.auth.login({ email, password: PASSWORD });
  return { user, email: email.toLowerCase(), cookie: cookieFrom(ctx) };
}

async function createMember(role: "MEMBER" | "ADMIN" = "MEMBER") {
  const email = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@example.test`;
  const user = await prisma.user.create({
    data: {
      email,
      displayName: "Robin Quill",
      role,
      passwordHash: await hashPassword(PASSWORD),
      profile: { create: {} },
    },
    select: { id: true, email: true },
  });
  const { api, ctx } = await browser({ app: role === "ADMIN" ? "admin" : "web" });
  await api.auth.login({ email, password: PASSWORD });
  return { ...user, cookie: cookieFrom(ctx) };
}

/** The token in the first link of a message that points at `path`. */
function tokenFrom(message: ReceivedMail, path: string): string {
  const link = message.links.find((l) => new URL(l).pathname === path);
  if (!link) throw new Error(`no ${path} link in ${JSON.stringify(message.links)}`);
  return new URL(link).searchParams.get("token")!;
}

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return { code: error.code, message: error.message, fields: inputErrorsOf(error.cause)?.fieldErrors ?? {} };
}

describe("email verification", () => {
  it("sign-up mails a link to APP_URL/verify-email that confirms the address once", async () => {
    const since = new Date();
    const { user, email, cookie } = await signUp("verify");
    const message = await mail.waitForMessage({ to: email, subject: /confirm your email/i, after: since });
    expect(message.text).toContain("Hi Pat verify,");
    expect(message.html).toContain("Confirm my email");
    const token = tokenFrom(message, "/verify-email");
    expect(token).toMatch(/^[a-z2-7]{52}$/);

    // The outbox keeps who, what and when, but no longer the link.
    await expect
      .poll(() => prisma.emailMessage.findFirst({ where: { userId: user.id, template: "verify-email" } }))
      .toMatchObject({ status: "SENT", attempts: 1, lastError: null, textBody: "", htmlBody: "" });
    // Only the token's hash is stored.
    expect(await prisma.userToken.count({ where: { id: token } })).toBe(0);

    const member = await browser({ cookie });
    expect(await member.api.account.profile()).toMatchObject({ emailVerified: false });
    // The link works from any browser, signed in or not.
    const anonymous = await browser();
    expect(await anonymous.api.auth.verifyEmail({ token })).toEqual({ kind: "verified", email });
    expect(await member.api.account.profile()).toMatchObject({ emailVerified: true });

    const reuse = await failureOf((await browser()).api.auth.verifyEmail({ token }));
    expect(reuse).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/already been used/) });
  });

  it("an expired link is refused and leaves the address unconfirmed", async () => {
    const since = new Date();
    const { user, email } = await signUp("expired");
    const token = tokenFrom(await mail.waitForMessage({ to: email, after: since }), "/verify-email");
    await prisma.userToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await failureOf((await browser()).api.auth.verifyEmail({ token }));
    expect(expired).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/expired/) });
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { emailVerifiedAt: true } });
    expect(row.emailVerifiedAt).toBeNull();
  });

  it("a made-up or mangled token is refused without saying more", async () => {
    const { api } = await browser();
    for (const token of ["a".repeat(52), "not-a-token", "x".repeat(200)]) {
      expect(await failureOf(api.auth.verifyEmail({ token }))).toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringMatching(/not valid/),
      });
    }
  });

  it("resend mails a new link (the old one stops working), at most 3 an hour", async () => {
    const since = new Date();
    const { email, cookie } = await signUp("resend");
    const first = tokenFrom(await mail.waitForMessage({ to: email, after: since }), "/verify-email");
    const member = await browser({ cookie });
    const resentAt = new Date();
    expect(await member.api.account.resendVerification()).toEqual({ sentTo: email });
    const second = tokenFrom(await mail.waitForMessage({ to: email, after: resentAt }), "/verify-email");
    expect(second).not.toBe(first);
    expect(await failureOf((await browser()).api.auth.verifyEmail({ token: first }))).toMatchObject({
      message: expect.stringMatching(/not valid/),
    });

    await member.api.account.resendVerification();
    await member.api.account.resendVerification();
    const limited = await failureOf(member.api.account.resendVerification());
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
    expect(Number(member.ctx.responseHeaders.get("retry-after"))).toBeGreaterThan(0);

    // Once verified, there is nothing to resend.
    const latest = await mail.waitForMessage({ to: email, after: new Date(resentAt.getTime() + 1) });
    await (await browser()).api.auth.verifyEmail({ token: tokenFrom(latest, "/verify-email") }).catch(() => undefined);
  });
});

describe("forgot and reset password", () => {
  it("answers the same whether or not the email has an account, and mails only real accounts", async () => {
    const member = await createMember();
    const unknown = `nobody-${randomUUID().slice(0, 8)}@example.test`;
    const known = await (await browser()).api.auth.requestPasswordReset({ email: member.email.toUpperCase() });
    const notKnown = await (await browser()).api.auth.requestPasswordReset({ email: unknown });
    expect(known).toEqual({ message: RESET_REQUESTED });
    expect(notKnown).toEqual(known);
    const message = await mail.waitForMessage({ to: member.email, subject: /reset your tradecraft password/i });
    expect(tokenFrom(message, "/reset-password")).toMatch(/^[a-z2-7]{52}$/);
    expect(await prisma.emailMessage.count({ where: { toAddress: unknown } })).toBe(0);
  });

  it("limits requests to 3 an hour per email and 10 an hour per IP", async () => {
    const email = `limit-${randomUUID().slice(0, 8)}@example.test`;
    for (let i = 0; i < 3; i++) await (await browser()).api.auth.requestPasswordReset({ email });
    const perEmail = await browser();
    expect((await failureOf(perEmail.api.auth.requestPasswordReset({ email }))).code).toBe("TOO_MANY_REQUESTS");
    expect(Number(perEmail.ctx.responseHeaders.get("retry-after"))).toBeGreaterThan(60);

    const ip = `2001:db8:ffff:${randomUUID().slice(0, 4)}::1`;
    for (let i = 0; i < 10; i++) {
      await (
        await browser({ ip })
      ).api.auth.requestPasswordReset({ email: `ip-${i}-${randomUUID().slice(0, 6)}@example.test` });
    }
    const perIp = await failureOf(
      (await browser({ ip })).api.auth.requestPasswordReset({ email: "someone-else@example.test" }),
    );
    expect(perIp.code).toBe("TOO_MANY_REQUESTS");
  });

  it("a reset ends every session, signs in afresh, mails a notice, and its link works once", async () => {
    const member = await createMember();
    const otherDevice = await browser();
    await otherDevice.api.auth.login({ email: member.email, password: PASSWORD });
    const otherCookie = cookieFrom(otherDevice.ctx);
    expect(await prisma.session.count({ where: { userId: member.id } })).toBe(2);

    const requestedAt = new Date();
    await (await browser()).api.auth.requestPasswordReset({ email: member.email });
    const token = tokenFrom(
      await mail.waitForMessage({ to: member.email, subject: /reset/i, after: requestedAt }),
      "/reset-password",
    );
    expect(await (await browser()).api.auth.checkResetToken({ token })).toEqual({ email: member.email });

    // A refused password leaves the link usable.
    const resetter = await browser();
    const weak = await failureOf(
      resetter.api.auth.resetPassword({ token, password: "password1234", confirmPassword: "password1234" }),
    );
    expect(weak.fields.password?.[0]).toMatch(/easy to guess/);
    const mismatch = await failureOf(
      resetter.api.auth.resetPassword({ token, password: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}!` }),
    );
    expect(mismatch.fields.confirmPassword).toEqual(["The two passwords do not match."]);

    const resetAt = new Date();
    const user = await resetter.api.auth.resetPassword({
      token,
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(user.email).toBe(member.email);
    const fresh = cookieFrom(resetter.ctx);
    expect(await (await browser({ cookie: fresh })).api.system.whoami()).toMatchObject({ id: member.id });
    for (const old of [member.cookie, otherCookie]) {
      expect((await failureOf((await browser({ cookie: old })).api.system.whoami())).code).toBe("UNAUTHORIZED");
    }
    expect(await prisma.session.count({ where: { userId: member.id } })).toBe(1);

    const notice = await mail.waitForMessage({ to: member.email, subject: /password was changed/i, after: resetAt });
    expect(notice.text).toMatch(/Other devices were signed out/);
    expect(
      await failureOf((await browser()).api.auth.login({ email: member.email, password: PASSWORD })),
    ).toMatchObject({ message: LOGIN_FAILED });
    await (await browser()).api.auth.login({ email: member.email, password: NEW_PASSWORD });

    const reused = await failureOf(
      (await browser()).api.auth.resetPassword({
        token,
        password: `${NEW_PASSWORD} again`,
        confirmPassword: `${NEW_PASSWORD} again`,
      }),
    );
    expect(reused).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/already been used/) });
    const row = await prisma.user.findUniqueOrThrow({
      where: { id: member.id },
      select: { passwordHash: true, emailVerifiedAt: true },
    });
    expect(await verifyPassword(row.passwordHash!, NEW_PASSWORD)).toBe(true);
    // Following a link that arrived by email proved the address.
    expect(row.emailVerifiedAt).not.toBeNull();
  });

  it("a reset link older than an hour is refused, and so is one superseded by a newer request", async () => {
    const member = await createMember();
    const firstAt = new Date();
    await (await browser()).api.auth.requestPasswordReset({ email: member.email });
    const first = tokenFrom(await mail.waitForMessage({ to: member.email, after: firstAt }), "/reset-password");
    const secondAt = new Date();
    await (await browser()).api.auth.requestPasswordReset({ email: member.email });
    const second = tokenFrom(
      await mail.waitForMessage({ to: member.email, after: secondAt, subject: /reset/i }),
      "/reset-password",
    );
    expect(await failureOf((await browser()).api.auth.checkResetToken({ token: first }))).toMatchObject({
      message: expect.stringMatching(/not valid/),
    });

    await prisma.userToken.updateMany({
      where: { userId: member.id, purpose: "RESET_PASSWORD" },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    const expired = await failureOf(
      (await browser()).api.auth.resetPassword({
        token: second,
        password: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      }),
    );
    expect(expired).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/expired/) });
    expect(await prisma.session.count({ where: { userId: member.id } })).toBe(1);
  });

  it("an admin can send a member a reset link, recorded with the admin as actor", async () => {
    const admin = await createMember("ADMIN");
    const member = await createMember();
    const sentAt = new Date();
    const { api } = await browser({ cookie: admin.cookie.replace(/^tc_session=/, "tc_admin_session="), app: "admin" });
    expect(await api.admin.users.sendPasswordReset({ userId: member.id })).toEqual({ sentTo: member.email });
    await mail.waitForMessage({ to: member.email, subject: /reset/i, after: sentAt });
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "admin.user.password_reset_sent", subjectId: member.id },
    });
    expect(event.actorId).toBe(admin.id);
    expect((await failureOf(api.admin.users.sendPasswordReset({ userId: "no-such-user" }))).code).toBe("NOT_FOUND");
  });
});

describe("email change", () => {
  it("needs the current password, confirms the new address by link, then tells the old one", async () => {
    const member = await createMember();
    const other = await createMember();
    const newEmail = `moved-${randomUUID().slice(0, 8)}@example.test`;
    const { api } = await browser({ cookie: member.cookie });

    const wrong = await failureOf(api.account.changeEmail({ newEmail, currentPassword: "not my password at all" }));
    expect(wrong.fields.currentPassword).toEqual(["Your current password is not correct."]);
    const taken = await failureOf(api.account.changeEmail({ newEmail: other.email, currentPassword: PASSWORD }));
    expect(taken.fields.newEmail).toEqual(["An account with this email already exists."]);
    const same = await failureOf(api.account.changeEmail({ newEmail: member.email, currentPassword: PASSWORD }));
    expect(same.fields.newEmail).toEqual(["This is already your email."]);

    const requestedAt = new Date();
    expect(await api.account.changeEmail({ newEmail: newEmail.toUpperCase(), currentPassword: PASSWORD })).toEqual({
      pendingEmail: newEmail,
    });
    expect(await api.account.profile()).toMatchObject({ email: member.email, pendingEmail: newEmail });
    const confirm = await mail.waitForMessage({ to: newEmail, subject: /confirm your new email/i, after: requestedAt });

    const changedAt = new Date();
    expect(await (await browser()).api.auth.verifyEmail({ token: tokenFrom(confirm, "/verify-email") })).toEqual({
      kind: "email-changed",
      email: newEmail,
    });
    expect(await api.account.profile()).toMatchObject({ email: newEmail, emailVerified: true, pendingEmail: null });
    const notice = await mail.waitForMessage({ to: member.email, subject: /email was changed/i, after: changedAt });
    expect(notice.text).toContain(`@example.test`);
    expect(notice.text).not.toContain(newEmail);

    await (await browser()).api.auth.login({ email: newEmail, password: PASSWORD });
    expect(
      await failureOf((await browser()).api.auth.login({ email: member.email, password: PASSWORD })),
    ).toMatchObject({ message: LOGIN_FAILED });
  });
});

describe("security notices", () => {
  it("changing the password mails a notice to the member", async () => {
    const member = await createMember();
    const changedAt = new Date();
    await (
      await browser({ cookie: member.cookie })
    ).api.account.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    const notice = await mail.waitForMessage({ to: member.email, subject: /password was changed/i, after: changedAt });
    expect(notice.links.some((l) => new URL(l).pathname === "/forgot-password")).toBe(true);
  });

  it(`the ${LOCKOUT_THRESHOLD}th failed sign-in in a row from one network locks it and emails the owner an unlock link and a reset link`, async () => {
    const member = await createMember();
    const startedAt = new Date();
    // Addresses of one IPv6 /64: one network to the lockout, distinct clients to the rate limits.
    const network = `2001:db8:${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}`;
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) {
      await failureOf(
        (await browser({ ip: `${network}::${i + 1}` })).api.auth.login({
          email: member.email,
          password: `wrong guess number ${i}`,
        }),
      );
    }
    const locked = await failureOf(
      (await browser({ ip: `${network}::a1` })).api.auth.login({ email: member.email, password: PASSWORD }),
    );
    expect(locked).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringMatching(/locked for 15 more minutes/),
    });

    const notice = await mail.waitForMessage({ to: member.email, subject: /account was locked/i, after: startedAt });
    expect(notice.text).toMatch(/locked for 15 minutes/);
    expect(tokenFrom(notice, "/reset-password")).toMatch(/^[a-z2-7]{52}$/);
    const unlock = await (await browser()).api.auth.unlock({ token: tokenFrom(notice, "/unlock") });
    expect(unlock).toEqual({ email: member.email });
    await (await browser({ ip: `${network}::a2` })).api.auth.login({ email: member.email, password: PASSWORD });
  });

  it("a sign-up with the address of an account mails its owner, with links to sign in and to reset", async () => {
    const member = await createMember();
    const triedAt = new Date();
    await (await browser()).api.auth.signup({ email: member.email, password: NEW_PASSWORD, displayName: "Not Robin" });
    const notice = await mail.waitForMessage({ to: member.email, subject: /tried to sign up/i, after: triedAt });
    expect(notice.text).toContain("Hi Robin Quill,");
    expect(notice.links.map((l) => new URL(l).pathname)).toEqual(
      expect.arrayContaining(["/login", "/forgot-password"]),
    );
    await (await browser()).api.auth.login({ email: member.email, password: PASSWORD });
  });
});

describe("outbox delivery", () => {
  async function queued(template = "password-reset") {
    const member = await createMember();
    return prisma.emailMessage.create({
      data: {
        userId: member.id,
        toAddress: member.email,
        template,
        subject: "Delivery test",
        textBody: "Hello https://example.test/x",
        htmlBody: "<p>Hello</p>",
      },
    });
  }
  const config = () => ({
    smtpUrl: mail.url,
    from: "Tradecraft <no-reply@tradecraft.test>",
    logLinks: false,
    logger: rootLogger(),
  });

  it("a failed attempt is recorded and thrown (so the job retries); the next attempt sends", async () => {
    const message = await queued();
    mail.failNext(1);
    await expect(deliverEmail(prisma, message.id, { isFinalAttempt: false }, config())).rejects.toThrow(/451/);
    expect(await prisma.emailMessage.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({
      status: "QUEUED",
      attempts: 1,
      lastError: expect.stringMatching(/451/),
    });
    expect(await deliverEmail(prisma, message.id, { isFinalAttempt: false }, config())).toBe("sent");
    expect(await prisma.emailMessage.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({
      status: "SENT",
      attempts: 2,
      lastError: null,
    });
    await mail.waitForMessage({ to: message.toAddress, subject: "Delivery test" });
    // Delivering again (a retried job) sends nothing twice.
    expect(await deliverEmail(prisma, message.id, { isFinalAttempt: false }, config())).toBe("already-done");
  });

  it("the last failed attempt marks the message FAILED with its error", async () => {
    const message = await queued();
    mail.failNext(1, "550 5.1.1 Mailbox does not exist");
    await expect(deliverEmail(prisma, message.id, { isFinalAttempt: true }, config())).rejects.toThrow();
    expect(await prisma.emailMessage.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({
      status: "FAILED",
      lastError: expect.stringMatching(/550/),
    });
  });

  it("with no SMTP configured the message is kept as not sent, with the reason", async () => {
    const message = await queued();
    expect(await deliverEmail(prisma, message.id, { isFinalAttempt: false }, { ...config(), smtpUrl: undefined })).toBe(
      "not-sent",
    );
    expect(await prisma.emailMessage.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({
      status: "NOT_SENT",
      lastError: NO_SMTP,
    });
  });

  it("a message whose account was deleted in the meantime is skipped", async () => {
    const message = await queued();
    await prisma.user.delete({ where: { id: message.userId! } });
    expect(await deliverEmail(prisma, message.id, { isFinalAttempt: false }, config())).toBe("missing");
  });
});

describe("your data", () => {
  it("the export holds the member's account, profile, sessions, emails and activity, and no secrets", async () => {
    const member = await createMember();
    const data = await (await browser({ cookie: member.cookie })).api.account.exportData();
    expect(data).toMatchObject({
      format: "tradecraft-export/1",
      account: { id: member.id, email: member.email },
      profile: { timeZone: "UTC" },
    });
    expect(data.sessions.length).toBe(1);
    expect(data.journal).toEqual({
      accounts: [],
      setups: [],
      trades: [],
      imports: [],
      screenshots: [],
      grades: [],
      strategies: [],
      futuresPointValues: [],
    });
    expect(data.plan).toEqual({ proRequests: [] });
    expect(data.coach).toEqual({ conversations: [], archivedMessages: [] });
    expect(data.activity.some((e) => e.action === "auth.login.succeeded")).toBe(true);
    const json = JSON.stringify(data);
    const session = await prisma.session.findFirstOrThrow({ where: { userId: member.id } });
    const user = await prisma.user.findUniqueOrThrow({ where: { id: member.id } });
    expect(json).not.toContain(session.id);
    expect(json).not.toContain(user.passwordHash!);
    expect(json).not.toMatch(/passwordHash|tc_session/);
  });

  it("deleting the account needs the password and DELETE, then leaves nothing behind but an anonymous audit trail", async () => {
    const member = await createMember();
    const since = new Date();
    const { api, ctx } = await browser({ cookie: member.cookie });
    // Something in every table the member owns: a pending email change leaves a token and an email.
    const pendingEmail = `pending-${randomUUID().slice(0, 6)}@example.test`;
    await api.account.changeEmail({ newEmail: pendingEmail, currentPassword: PASSWORD });
    await mail.waitForMessage({ to: pendingEmail, after: since });

    const wrong = await failureOf(api.account.deleteAccount({ password: "certainly not it", confirm: "DELETE" }));
    expect(wrong.fields.password).toEqual(["Your current password is not correct."]);
    const unconfirmed = await failureOf(api.account.deleteAccount({ password: PASSWORD, confirm: "delete" }));
    expect(unconfirmed.fields.confirm).toEqual(["Type DELETE to confirm"]);
    expect(await prisma.user.count({ where: { id: member.id } })).toBe(1);

    expect(await api.account.deleteAccount({ password: PASSWORD, confirm: "DELETE" })).toEqual({ deleted: true });
    expect(ctx.responseHeaders.getSetCookie().some((c) => /^tc_session=;/.test(c))).toBe(true);

    const where = { userId: member.id };
    expect(await prisma.user.count({ where: { OR: [{ id: member.id }, { email: member.email }] } })).toBe(0);
    expect(await prisma.profile.count({ where })).toBe(0);
    expect(await prisma.session.count({ where })).toBe(0);
    expect(await prisma.userToken.count({ where })).toBe(0);
    expect(
      await prisma.emailMessage.count({ where: { OR: [where, { toAddress: { in: [member.email, pendingEmail] } }] } }),
    ).toBe(0);
    const events = await prisma.auditEvent.findMany({
      where: { OR: [{ subjectId: member.id }, { actorId: member.id }] },
    });
    expect(events.map((e) => e.action)).toContain("account.deleted");
    for (const event of events) {
      expect(event).toMatchObject({ ip: null, userAgent: null });
      expect(JSON.stringify(event.metadata)).not.toContain(member.email);
    }
    expect((await failureOf((await browser({ cookie: member.cookie })).api.system.whoami())).code).toBe("UNAUTHORIZED");
    expect(
      await failureOf((await browser()).api.auth.login({ email: member.email, password: PASSWORD })),
    ).toMatchObject({ message: LOGIN_FAILED });
  });
});
