// Sign-up, sign-in and sessions through the caller on a real database: what members rely on.
import { randomUUID } from "node:crypto";
import { hashPassword, SESSION_POLICY, sessionIdFromToken } from "@tradecraft/auth";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import { afterAll, describe, expect, it } from "vitest";
import { createContext } from "../context.ts";
import { createCaller } from "../root.ts";
import { inputErrorsOf } from "../trpc.ts";
import { LOGIN_FAILED } from "./login.handler.ts";
import { signupRequested } from "./signup.handler.ts";

const prisma = getPrisma();
const PASSWORD = "violet tractor sings under copper rain";
const DAY = 24 * 60 * 60 * 1000;
const UA =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

/** A fresh client address per call unless given: Redis keeps rate-limit counters between runs. */
const newIp = () => `2001:db8:${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}::1`;

async function browser({
  cookie,
  app = "web",
  ip = newIp(),
}: { cookie?: string; app?: "web" | "admin"; ip?: string } = {}) {
  const headers = new Headers({ "user-agent": UA });
  if (cookie) headers.set("cookie", cookie);
  const ctx = await createContext({
    headers,
    app,
    ip,
    requestId: `accounts-${randomUUID()}`,
    responseHeaders: new Headers(),
  });
  return { api: createCaller(ctx), ctx, ip };
}

const setCookies = (ctx: { responseHeaders: Headers }) => ctx.responseHeaders.getSetCookie();
const tokenOf = (ctx: { responseHeaders: Headers }, name = "tc_session") => {
  const cookie = setCookies(ctx).find((c) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`));
  return cookie ? cookie.slice(name.length + 1).split(";")[0]! : null;
};

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return { code: error.code, message: error.message, fields: inputErrorsOf(error.cause)?.fieldErrors ?? {} };
}

const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.test`;

async function member(role: "MEMBER" | "ADMIN" = "MEMBER") {
  const email = uniqueEmail(role.toLowerCase());
  const user = await prisma.user.create({
    data: {
      email,
      displayName: "Quinn Ledger",
      role,
      passwordHash: await hashPassword(PASSWORD),
      profile: { create: {} },
    },
    select: { id: true },
  });
  return { id: user.id, email };
}

async function signIn(email: string, app: "web" | "admin" = "web") {
  const b = await browser({ app });
  await b.api.auth.login({ email, password: PASSWORD });
  const name = app === "web" ? "tc_session" : "tc_admin_session";
  return `${name}=${tokenOf(b.ctx, name)}`;
}

describe("sign-up", () => {
  it("creates a FREE member with a profile, says to check the email, and signs nobody in", async () => {
    const email = uniqueEmail("new");
    const { api, ctx } = await browser();
    expect(
      await api.auth.signup({ email: `  ${email.toUpperCase()} `, password: PASSWORD, displayName: "Avery Fill" }),
    ).toEqual({
      message: signupRequested(email),
    });
    const user = await prisma.user.findUniqueOrThrow({
      where: { email },
      select: { id: true, displayName: true, role: true, tier: true },
    });
    expect(user).toMatchObject({ displayName: "Avery Fill", role: "MEMBER", tier: "FREE" });
    expect(await prisma.profile.count({ where: { userId: user.id } })).toBe(1);
    expect(setCookies(ctx)).toEqual([]);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    // The member signs in with what they chose.
    await (await browser()).api.auth.login({ email, password: PASSWORD });
  });

  it("an email already registered in another letter case gets the same answer, and nothing is created", async () => {
    const existing = await member();
    const answer = await (
      await browser()
    ).api.auth.signup({ email: existing.email.toUpperCase(), password: PASSWORD, displayName: "Copy Cat" });
    expect(answer).toEqual({ message: signupRequested(existing.email) });
    expect(await prisma.user.count({ where: { email: existing.email } })).toBe(1);
  });

  it("refuses an invalid email with a field error", async () => {
    const failure = await failureOf(
      (await browser()).api.auth.signup({ email: "not-an-email", password: PASSWORD, displayName: "Nobody" }),
    );
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fields.email).toEqual(["Enter a valid email address"]);
  });

  it("refuses short, common and self-referencing passwords, saying why, and creates nothing", async () => {
    const email = uniqueEmail("weak");
    const cases: [string, RegExp][] = [
      ["short pass", /at least 12 characters/],
      ["password1234", /easy to guess/],
      ["qwertyuiop123", /easy to guess/],
      [`${email.split("@")[0]}2024`, /easy to guess/],
      ["averyquinnfill", /easy to guess/],
    ];
    for (const [password, reason] of cases) {
      const failure = await failureOf(
        (await browser()).api.auth.signup({ email, password, displayName: "Avery Quinn Fill" }),
      );
      expect(failure.code, password).toBe("BAD_REQUEST");
      expect(failure.fields.password?.[0], password).toMatch(reason);
    }
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it("refuses a filled honeypot without creating the account", async () => {
    const email = uniqueEmail("bot");
    const { api, ctx } = await browser();
    expect(
      (
        await failureOf(
          api.auth.signup({ email, password: PASSWORD, displayName: "Bot", website: "https://spam.example" }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    expect(await prisma.user.count({ where: { email } })).toBe(0);
    expect(setCookies(ctx)).toEqual([]);
  });

  it("allows 5 sign-ups an hour from one address, then answers 429 with Retry-After", async () => {
    const ip = newIp();
    for (let i = 0; i < 5; i++)
      await (
        await browser({ ip })
      ).api.auth.signup({ email: uniqueEmail("burst"), password: PASSWORD, displayName: "Burst" });
    const sixth = await browser({ ip });
    expect(
      (
        await failureOf(
          sixth.api.auth.signup({ email: uniqueEmail("burst"), password: PASSWORD, displayName: "Burst" }),
        )
      ).code,
    ).toBe("TOO_MANY_REQUESTS");
    expect(Number(sixth.ctx.responseHeaders.get("retry-after"))).toBeGreaterThan(60);
  });
});

describe("sign-in", () => {
  it("gives a wrong password and an unknown email the same answer and no cookie", async () => {
    const known = await member();
    const wrong = await browser();
    const unknown = await browser();
    const a = await failureOf(wrong.api.auth.login({ email: known.email, password: "not the password at all" }));
    const b = await failureOf(
      unknown.api.auth.login({ email: uniqueEmail("ghost"), password: "not the password at all" }),
    );
    expect(a).toEqual({ code: "UNAUTHORIZED", message: LOGIN_FAILED, fields: {} });
    expect(b).toEqual(a);
    expect(setCookies(wrong.ctx)).toEqual([]);
    expect(setCookies(unknown.ctx)).toEqual([]);
  });

  it("starts a session stored by the token's hash, with the browser and address, and remembers the browser for a year", async () => {
    const m = await member();
    const b = await browser();
    await b.api.auth.login({ email: m.email, password: PASSWORD });
    const token = tokenOf(b.ctx)!;
    const row = await prisma.session.findUniqueOrThrow({ where: { id: sessionIdFromToken(token) } });
    expect(row).toMatchObject({ userId: m.id, app: "WEB", userAgent: UA, ip: b.ip });
    expect(await prisma.session.count({ where: { id: token } })).toBe(0);
    // The device cookie: this browser's failed sign-ins will count apart from strangers' (lockout.test.ts).
    expect(setCookies(b.ctx).find((c) => c.startsWith("tc_device="))).toMatch(
      /^tc_device=[a-z2-7]{26}\.[0-9a-f]{64}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=31536000$/,
    );
  });

  it("allows 5 tries a minute per address and email, 20 per address", async () => {
    const m = await member();
    const ip = newIp();
    for (let i = 0; i < 5; i++)
      await failureOf((await browser({ ip })).api.auth.login({ email: m.email, password: `wrong ${i} guess` }));
    const limited = await browser({ ip });
    expect((await failureOf(limited.api.auth.login({ email: m.email, password: PASSWORD }))).code).toBe(
      "TOO_MANY_REQUESTS",
    );
    expect(Number(limited.ctx.responseHeaders.get("retry-after"))).toBeGreaterThan(0);
    // Another account from the same address still gets its own tries...
    const other = await member();
    await (await browser({ ip })).api.auth.login({ email: other.email, password: PASSWORD });
    // ...until the address has used 20 in the minute.
    for (let i = 0; i < 14; i++)
      await failureOf(
        (await browser({ ip })).api.auth.login({ email: uniqueEmail("spray"), password: "whatever it is" }),
      );
    expect(
      (await failureOf((await browser({ ip })).api.auth.login({ email: other.email, password: PASSWORD }))).code,
    ).toBe("TOO_MANY_REQUESTS");
  });

  it("issues a new token at every sign-in: the token held before stops working (no fixation)", async () => {
    const m = await member();
    const before = await signIn(m.email);
    const b = await browser({ cookie: before });
    expect((await b.api.system.whoami()).id).toBe(m.id);
    await b.api.auth.login({ email: m.email, password: PASSWORD });
    const after = `tc_session=${tokenOf(b.ctx)}`;
    expect(after).not.toBe(before);
    expect((await failureOf((await browser({ cookie: before })).api.system.whoami())).code).toBe("UNAUTHORIZED");
    expect((await (await browser({ cookie: after })).api.system.whoami()).id).toBe(m.id);
  });

  it("signing out deletes the session and blanks the cookie", async () => {
    const m = await member();
    const cookie = await signIn(m.email);
    const b = await browser({ cookie });
    expect(await b.api.auth.logout()).toEqual({ signedOut: true });
    expect(setCookies(b.ctx).some((c) => /^tc_session=;.*Max-Age=0/.test(c))).toBe(true);
    expect(await prisma.session.count({ where: { userId: m.id } })).toBe(0);
  });

  it("a web session does not open the admin app, even under the admin cookie's name", async () => {
    const admin = await member("ADMIN");
    const web = await signIn(admin.email, "web");
    const token = web.split("=")[1]!;
    for (const cookie of [web, `tc_admin_session=${token}`]) {
      expect((await failureOf((await browser({ cookie, app: "admin" })).api.system.whoami())).code).toBe(
        "UNAUTHORIZED",
      );
    }
    const adminCookie = await signIn(admin.email, "admin");
    expect(
      (await failureOf((await browser({ cookie: `tc_session=${adminCookie.split("=")[1]}` })).api.system.whoami()))
        .code,
    ).toBe("UNAUTHORIZED");
  });
});

describe("session lifetime", () => {
  async function sessionRow(cookie: string) {
    return prisma.session.findUniqueOrThrow({ where: { id: sessionIdFromToken(cookie.split("=")[1]!) } });
  }

  it("an expired session does not authenticate and is deleted", async () => {
    const m = await member();
    const cookie = await signIn(m.email);
    const row = await sessionRow(cookie);
    await prisma.session.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await failureOf((await browser({ cookie })).api.system.whoami())).code).toBe("UNAUTHORIZED");
    expect(await prisma.session.count({ where: { id: row.id } })).toBe(0);
  });

  it("a web session with less than half its 30 days left slides to 30 days and the cookie is sent again", async () => {
    const m = await member();
    const cookie = await signIn(m.email);
    const row = await sessionRow(cookie);
    await prisma.session.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() + 10 * DAY) } });
    const b = await browser({ cookie });
    await b.api.system.whoami();
    const renewed = await sessionRow(cookie);
    expect(renewed.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29.9 * DAY);
    expect(setCookies(b.ctx).some((c) => c.startsWith(cookie))).toBe(true);
  });

  it("a web session with more than half left is not touched, and lastSeenAt moves at most every 5 minutes", async () => {
    const m = await member();
    const cookie = await signIn(m.email);
    const row = await sessionRow(cookie);
    const b = await browser({ cookie });
    await b.api.system.whoami();
    expect(setCookies(b.ctx)).toEqual([]);
    expect(await sessionRow(cookie)).toMatchObject({ expiresAt: row.expiresAt, lastSeenAt: row.lastSeenAt });

    const sixMinutesAgo = new Date(Date.now() - 6 * 60 * 1000);
    await prisma.session.update({ where: { id: row.id }, data: { lastSeenAt: sixMinutesAgo } });
    await (await browser({ cookie })).api.system.whoami();
    expect((await sessionRow(cookie)).lastSeenAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("an admin session never slides", async () => {
    const admin = await member("ADMIN");
    const cookie = await signIn(admin.email, "admin");
    const row = await sessionRow(cookie);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(SESSION_POLICY.admin.lifetimeMs);
    const nearlyOver = new Date(Date.now() + 60_000);
    await prisma.session.update({ where: { id: row.id }, data: { expiresAt: nearlyOver } });
    const b = await browser({ cookie, app: "admin" });
    await b.api.system.whoami();
    expect((await sessionRow(cookie)).expiresAt).toEqual(nearlyOver);
    expect(setCookies(b.ctx)).toEqual([]);
  });
});

describe("managing sessions", () => {
  it("lists the member's sessions with the current one marked, and revokes one of them", async () => {
    const m = await member();
    const mine = await signIn(m.email);
    const other = await signIn(m.email);
    const { api } = await browser({ cookie: mine });
    const sessions = await api.account.sessions();
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.isCurrent)).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ browser: "Safari 17", os: "Mac OS 14.5" });
    const target = sessions.find((s) => !s.isCurrent)!;
    expect(await api.account.revokeSession({ sessionId: target.id })).toEqual({ revoked: true });
    expect((await failureOf((await browser({ cookie: other })).api.system.whoami())).code).toBe("UNAUTHORIZED");
    expect((await api.system.whoami()).id).toBe(m.id);
  });

  it("another member's session is 'not found' and keeps working; a malformed id is refused", async () => {
    const alice = await member();
    const bob = await member();
    const aliceCookie = await signIn(alice.email);
    const bobCookie = await signIn(bob.email);
    const aliceSession = sessionIdFromToken(aliceCookie.split("=")[1]!);
    const bobApi = (await browser({ cookie: bobCookie })).api;
    expect(await failureOf(bobApi.account.revokeSession({ sessionId: aliceSession }))).toMatchObject({
      code: "NOT_FOUND",
      message: "That session was not found.",
    });
    expect((await (await browser({ cookie: aliceCookie })).api.system.whoami()).id).toBe(alice.id);
    expect((await failureOf(bobApi.account.revokeSession({ sessionId: "../../etc/passwd" }))).code).toBe("BAD_REQUEST");
  });

  it("signing out all other sessions keeps only this one", async () => {
    const m = await member();
    const mine = await signIn(m.email);
    const others = [await signIn(m.email), await signIn(m.email)];
    expect(await (await browser({ cookie: mine })).api.account.revokeOtherSessions()).toEqual({ revoked: 2 });
    for (const cookie of others)
      expect((await failureOf((await browser({ cookie })).api.system.whoami())).code).toBe("UNAUTHORIZED");
    expect((await (await browser({ cookie: mine })).api.system.whoami()).id).toBe(m.id);
  });

  it("changing the password needs the current one, then ends every other session", async () => {
    const m = await member();
    const mine = await signIn(m.email);
    const other = await signIn(m.email);
    const api = (await browser({ cookie: mine })).api;
    const NEW = "seven quiet herons fold paper lanterns";
    const wrong = await failureOf(
      api.account.changePassword({ currentPassword: "not it at all, sorry", newPassword: NEW }),
    );
    expect(wrong.fields.currentPassword).toEqual(["Your current password is not correct."]);
    const weak = await failureOf(
      api.account.changePassword({ currentPassword: PASSWORD, newPassword: "password1234" }),
    );
    expect(weak.fields.newPassword?.[0]).toMatch(/easy to guess/);

    expect(await api.account.changePassword({ currentPassword: PASSWORD, newPassword: NEW })).toEqual({
      revokedSessions: 1,
    });
    expect((await failureOf((await browser({ cookie: other })).api.system.whoami())).code).toBe("UNAUTHORIZED");
    expect((await api.system.whoami()).id).toBe(m.id);
    expect((await failureOf((await browser()).api.auth.login({ email: m.email, password: PASSWORD }))).message).toBe(
      LOGIN_FAILED,
    );
    await (await browser()).api.auth.login({ email: m.email, password: NEW });
  });

  it("an admin's lock keeps the right password out until an admin unlocks", async () => {
    const admin = await member("ADMIN");
    const m = await member();
    const adminApi = (await browser({ cookie: await signIn(admin.email, "admin"), app: "admin" })).api;
    await adminApi.admin.users.setLock({ userId: m.id, locked: true });
    const locked = await failureOf((await browser()).api.auth.login({ email: m.email, password: PASSWORD }));
    expect(locked).toMatchObject({
      code: "FORBIDDEN",
      message: "This account is locked. Contact support to unlock it.",
    });
    await adminApi.admin.users.setLock({ userId: m.id, locked: false });
    await (await browser()).api.auth.login({ email: m.email, password: PASSWORD });
  });
});
