// Session edges that accounts.test.ts leaves open: the boundaries of sliding renewal and of the
// lastSeenAt throttle, timestamptz round trips, sign-out per app, and which sessions end when a
// member signs up, changes the password or is locked by an admin.
import { randomUUID } from "node:crypto";
import { hashPassword, SESSION_POLICY, sessionIdFromToken } from "@tradecraft/auth";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import { afterAll, describe, expect, it } from "vitest";
import { createContext } from "../context.ts";
import { createCaller } from "../root.ts";
import { getSession } from "../session.ts";
import { inputErrorsOf } from "../trpc.ts";

const prisma = getPrisma();
const PASSWORD = "violet tractor sings under copper rain";
const NEW_PASSWORD = "seven quiet herons fold paper lanterns";
const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;
const UA = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
type App = "web" | "admin";

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

/** A fresh address per browser: Redis keeps rate-limit counters between runs. */
const newIp = () => `2001:db8:${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}::2`;

async function browser({ cookie, app = "web" }: { cookie?: string; app?: App } = {}) {
  const headers = new Headers({ "user-agent": UA });
  if (cookie) headers.set("cookie", cookie);
  const ctx = await createContext({
    headers,
    app,
    ip: newIp(),
    requestId: `sessions-${randomUUID()}`,
    responseHeaders: new Headers(),
  });
  return { api: createCaller(ctx), ctx };
}

const setCookies = (ctx: { responseHeaders: Headers }) => ctx.responseHeaders.getSetCookie();
const cookieName = (app: App) => SESSION_POLICY[app].cookieName;

/** The session cookie a response set, as the Cookie header the browser sends back. */
function cookieFrom(ctx: { responseHeaders: Headers }, app: App = "web"): string {
  const set = setCookies(ctx).find((c) => new RegExp(`^${cookieName(app)}=[a-z2-7]{32};`).test(c));
  if (!set) throw new Error(`no ${app} session cookie in ${JSON.stringify(setCookies(ctx))}`);
  return set.split(";")[0]!;
}

const sessionIdOf = (cookie: string) => sessionIdFromToken(cookie.split("=")[1]!);
const sessionRow = (cookie: string) => prisma.session.findUnique({ where: { id: sessionIdOf(cookie) } });

async function member(role: "MEMBER" | "ADMIN" = "MEMBER") {
  const email = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@sessions.test`;
  const user = await prisma.user.create({
    data: {
      email,
      displayName: "Sam Ledger",
      role,
      passwordHash: await hashPassword(PASSWORD),
      profile: { create: {} },
    },
    select: { id: true },
  });
  return { id: user.id, email };
}

async function signIn(email: string, app: App = "web") {
  const { api, ctx } = await browser({ app });
  await api.auth.login({ email, password: PASSWORD });
  return cookieFrom(ctx, app);
}

/** The user id the cookie authenticates as on `app`, or the tRPC error code when it does not. */
async function whoIs(cookie: string, app: App = "web") {
  return (await browser({ cookie, app })).api.system.whoami().then(
    (user) => user.id,
    (error: unknown) => (error instanceof TRPCError ? error.code : String(error)),
  );
}

describe("session times", () => {
  it("stores the expiry the cookie carries, 30 days from now as an absolute UTC instant", async () => {
    const m = await member();
    const { api, ctx } = await browser();
    const before = Date.now();
    await api.auth.login({ email: m.email, password: PASSWORD });
    const after = Date.now();
    const cookie = setCookies(ctx).find((c) => c.startsWith("tc_session="))!;
    const row = (await sessionRow(cookie.split(";")[0]!))!;

    // An adapter that shifted timestamptz by the client's zone would move these by hours.
    expect(row.expiresAt.getTime()).toBeGreaterThanOrEqual(before + SESSION_POLICY.web.lifetimeMs);
    expect(row.expiresAt.getTime()).toBeLessThanOrEqual(after + SESSION_POLICY.web.lifetimeMs);
    expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(row.createdAt.getTime()).toBeLessThanOrEqual(after);
    const expires = new Date(/Expires=([^;]+)/.exec(cookie)![1]!);
    expect(Math.abs(expires.getTime() - row.expiresAt.getTime())).toBeLessThan(1000);
  });

  it("renews a web session with just under 15 days left to 30 days, and sends a cookie lasting 30 days", async () => {
    const m = await member();
    const cookie = await signIn(m.email);
    await prisma.session.update({
      where: { id: sessionIdOf(cookie) },
      data: { expiresAt: new Date(Date.now() + 15 * DAY - 10 * MINUTE) },
    });

    const { ctx } = await browser({ cookie });
    expect(ctx.user?.id).toBe(m.id);
    const row = (await sessionRow(cookie))!;
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(30 * DAY - MINUTE);
    const renewed = setCookies(ctx).filter((c) => c.startsWith(`${cookie};`));
    expect(renewed).toHaveLength(1);
    expect(Number(/Max-Age=(\d+)/.exec(renewed[0]!)![1])).toBeGreaterThan(30 * 24 * 3600 - 60);
  });

  it("leaves a web session with just over 15 days left as it is, with no cookie sent", async () => {
    const m = await member();
    const cookie = await signIn(m.email);
    const expiresAt = new Date(Date.now() + 15 * DAY + 10 * MINUTE);
    await prisma.session.update({ where: { id: sessionIdOf(cookie) }, data: { expiresAt } });

    const { ctx } = await browser({ cookie });
    expect(ctx.user?.id).toBe(m.id);
    expect((await sessionRow(cookie))!.expiresAt).toEqual(expiresAt);
    expect(setCookies(ctx)).toEqual([]);
  });

  it("does not rewrite lastSeenAt within 5 minutes; after that it does, without extending the session or sending a cookie", async () => {
    const m = await member();
    const cookie = await signIn(m.email);
    const { expiresAt } = (await sessionRow(cookie))!;
    const fourMinutesAgo = new Date(Date.now() - 4 * MINUTE);
    await prisma.session.update({ where: { id: sessionIdOf(cookie) }, data: { lastSeenAt: fourMinutesAgo } });
    await browser({ cookie });
    expect((await sessionRow(cookie))!.lastSeenAt).toEqual(fourMinutesAgo);

    await prisma.session.update({
      where: { id: sessionIdOf(cookie) },
      data: { lastSeenAt: new Date(Date.now() - 6 * MINUTE) },
    });
    const before = Date.now();
    const { ctx } = await browser({ cookie });
    const row = (await sessionRow(cookie))!;
    expect(row.lastSeenAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(row.expiresAt).toEqual(expiresAt);
    expect(setCookies(ctx)).toEqual([]);
  });

  it("an admin session past its 12 hours is refused and deleted", async () => {
    const admin = await member("ADMIN");
    const cookie = await signIn(admin.email, "admin");
    await prisma.session.update({
      where: { id: sessionIdOf(cookie) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const session = await getSession({
      headers: new Headers({ cookie }),
      app: "admin",
      prisma,
      responseHeaders: new Headers(),
    });
    expect(session).toBeNull();
    expect(await sessionRow(cookie)).toBeNull();
  });
});

describe("signing out", () => {
  it("signing out of the admin app ends only the admin session and blanks the admin cookie", async () => {
    const admin = await member("ADMIN");
    const web = await signIn(admin.email, "web");
    const adminCookie = await signIn(admin.email, "admin");
    const { api, ctx } = await browser({ cookie: `${web}; ${adminCookie}`, app: "admin" });
    expect(await api.auth.logout()).toEqual({ signedOut: true });
    expect(setCookies(ctx)).toEqual([expect.stringMatching(/^tc_admin_session=;.*Max-Age=0/)]);
    expect(await sessionRow(adminCookie)).toBeNull();
    expect(await whoIs(adminCookie, "admin")).toBe("UNAUTHORIZED");
    expect(await whoIs(web)).toBe(admin.id);
  });

  it("signing out without a session says so and still blanks the cookie", async () => {
    const { api, ctx } = await browser();
    expect(await api.auth.logout()).toEqual({ signedOut: false });
    expect(setCookies(ctx)).toEqual([expect.stringMatching(/^tc_session=;.*Max-Age=0/)]);
  });
});

describe("which sessions end", () => {
  it("signing up from a browser signed in as someone else starts no session for the new member and leaves the browser's alone", async () => {
    const previous = await member();
    const oldCookie = await signIn(previous.email);
    const { api, ctx } = await browser({ cookie: oldCookie });
    const email = `new-${randomUUID().slice(0, 8)}@sessions.test`;
    await api.auth.signup({ email, password: PASSWORD, displayName: "Noor Vale" });
    expect(setCookies(ctx)).toEqual([]);
    expect(await whoIs(oldCookie)).toBe(previous.id);
    expect(await prisma.session.count({ where: { user: { email } } })).toBe(0);
  });

  it("signing in as another member from a signed-in browser ends the first member's session", async () => {
    const first = await member();
    const second = await member();
    const firstCookie = await signIn(first.email);
    const { api, ctx } = await browser({ cookie: firstCookie });
    await api.auth.login({ email: second.email, password: PASSWORD });
    expect(await whoIs(firstCookie)).toBe("UNAUTHORIZED");
    expect(await whoIs(cookieFrom(ctx))).toBe(second.id);
    expect(await prisma.session.count({ where: { userId: first.id } })).toBe(0);
  });

  it("the session list shows only this app's unexpired sessions", async () => {
    const admin = await member("ADMIN");
    const mine = await signIn(admin.email);
    const expired = await signIn(admin.email);
    await signIn(admin.email, "admin");
    await prisma.session.update({
      where: { id: sessionIdOf(expired) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });

    const sessions = await (await browser({ cookie: mine })).api.account.sessions();
    expect(sessions.map((s) => ({ id: s.id, isCurrent: s.isCurrent }))).toEqual([
      { id: sessionIdOf(mine), isCurrent: true },
    ]);
    expect(sessions[0]).toMatchObject({
      browser: "Firefox 133",
      os: "Linux",
      approximateIp: expect.stringMatching(/^2001:db8:[0-9a-f]{4}::\/48$/),
    });
  });

  it("changing the password in the members' app also ends the member's admin-app sessions", async () => {
    const admin = await member("ADMIN");
    const web = await signIn(admin.email);
    const adminCookie = await signIn(admin.email, "admin");
    const { api } = await browser({ cookie: web });
    expect(await api.account.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).toEqual({
      revokedSessions: 1,
    });
    expect(await whoIs(adminCookie, "admin")).toBe("UNAUTHORIZED");
    expect(await whoIs(web)).toBe(admin.id);
  });

  it("changing the password to the current one is refused with a field error on newPassword", async () => {
    const m = await member();
    const { api } = await browser({ cookie: await signIn(m.email) });
    const error = await api.account
      .changePassword({ currentPassword: PASSWORD, newPassword: PASSWORD })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect(inputErrorsOf((error as TRPCError).cause)?.fieldErrors.newPassword).toEqual([
      "Choose a password different from the current one.",
    ]);
  });

  it("an admin's lock ends every session the member has, in both apps", async () => {
    const admin = await member("ADMIN");
    const target = await member("ADMIN");
    const targetWeb = await signIn(target.email);
    const targetAdmin = await signIn(target.email, "admin");
    const { api } = await browser({ cookie: await signIn(admin.email, "admin"), app: "admin" });
    await api.admin.users.setLock({ userId: target.id, locked: true });
    expect(await whoIs(targetWeb)).toBe("UNAUTHORIZED");
    expect(await whoIs(targetAdmin, "admin")).toBe("UNAUTHORIZED");
    expect(await prisma.session.count({ where: { userId: target.id } })).toBe(0);
  });
});
