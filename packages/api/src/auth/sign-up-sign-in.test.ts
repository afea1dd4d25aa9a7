// Sign-up and sign-in edges that accounts.test.ts leaves open: limits that letter case cannot
// dodge, sign-up only in the members' app, a double-submitted sign-up, a sign-up with a taken
// address, members at the admin app's door, and what a locked member is told.
import { randomUUID } from "node:crypto";
import { hashPassword } from "@tradecraft/auth";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import { afterAll, describe, expect, it } from "vitest";
import { createContext } from "../context.ts";
import { createCaller } from "../root.ts";
import { LOGIN_FAILED } from "./login.handler.ts";
import { emailKey, networkOf } from "./sign-in-throttle.ts";
import { signupRequested } from "./signup.handler.ts";

const prisma = getPrisma();
const PASSWORD = "violet tractor sings under copper rain";
const MINUTE = 60 * 1000;
type App = "web" | "admin";

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

/** A fresh address per call unless given: Redis keeps rate-limit counters between runs. */
const newIp = () => `2001:db8:${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}::3`;

async function browser({ cookie, app = "web", ip = newIp() }: { cookie?: string; app?: App; ip?: string } = {}) {
  const headers = new Headers({
    "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/141.0 sign-up-sign-in",
  });
  if (cookie) headers.set("cookie", cookie);
  const ctx = await createContext({
    headers,
    app,
    ip,
    requestId: `sign-up-sign-in-${randomUUID()}`,
    responseHeaders: new Headers(),
  });
  return { api: createCaller(ctx), ctx };
}

const setCookies = (ctx: { responseHeaders: Headers }) => ctx.responseHeaders.getSetCookie();

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@entry.test`;

async function member(role: "MEMBER" | "ADMIN" = "MEMBER") {
  const email = uniqueEmail(role.toLowerCase());
  const user = await prisma.user.create({
    data: {
      email,
      displayName: "Kai Margin",
      role,
      passwordHash: await hashPassword(PASSWORD),
      profile: { create: {} },
    },
    select: { id: true },
  });
  return { id: user.id, email };
}

async function adminApi() {
  const admin = await member("ADMIN");
  const { api, ctx } = await browser({ app: "admin" });
  await api.auth.login({ email: admin.email, password: PASSWORD });
  const cookie = setCookies(ctx)
    .find((c) => c.startsWith("tc_admin_session="))!
    .split(";")[0]!;
  return (await browser({ cookie, app: "admin" })).api;
}

describe("sign-up", () => {
  it("an address that has an account gets the very answer a new one gets; its owner is mailed, nobody is signed in", async () => {
    const existing = await member();
    const fresh = uniqueEmail("fresh");
    const taken = await browser();
    const created = await browser();
    const takenAnswer = await taken.api.auth.signup({
      email: ` ${existing.email.toUpperCase()}`,
      password: PASSWORD,
      displayName: "Someone Else",
    });
    const freshAnswer = await created.api.auth.signup({ email: fresh, password: PASSWORD, displayName: "Someone New" });
    // Word for word the same apart from the address typed, and no cookie either way.
    expect(takenAnswer).toEqual({ message: signupRequested(existing.email) });
    expect(freshAnswer).toEqual({ message: signupRequested(fresh) });
    expect(setCookies(taken.ctx)).toEqual([]);
    expect(setCookies(created.ctx)).toEqual([]);
    expect(await prisma.session.count({ where: { user: { email: { in: [existing.email, fresh] } } } })).toBe(0);

    // The owner hears about it (sign in or reset), and the account is untouched.
    const mails = await prisma.emailMessage.findMany({
      where: { toAddress: existing.email },
      select: { template: true, subject: true, textBody: true },
    });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ template: "signup-attempt", subject: "Someone tried to sign up with your email" });
    expect(mails[0]!.textBody).toMatch(/\/login\b/);
    expect(mails[0]!.textBody).toMatch(/\/forgot-password\b/);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: existing.id }, select: { displayName: true } })).toEqual({
      displayName: "Kai Margin",
    });
    // The new address gets its confirmation link.
    expect(await prisma.emailMessage.findMany({ where: { toAddress: fresh }, select: { template: true } })).toEqual([
      { template: "verify-email" },
    ]);

    // Tried again within the hour: the same answer, and no second email to the owner.
    expect(
      await (await browser()).api.auth.signup({ email: existing.email, password: PASSWORD, displayName: "Again" }),
    ).toEqual(takenAnswer);
    expect(await prisma.emailMessage.count({ where: { toAddress: existing.email } })).toBe(1);
  });

  it("two sign-ups for one email at the same moment make one account and get the same answer", async () => {
    const email = uniqueEmail("double");
    const attempts = await Promise.all(
      [email, email.toUpperCase()].map(async (address) => {
        const { api, ctx } = await browser();
        const answer = await api.auth.signup({ email: address, password: PASSWORD, displayName: "Double Click" });
        return { answer, cookies: setCookies(ctx) };
      }),
    );
    expect(attempts).toEqual([
      { answer: { message: signupRequested(email) }, cookies: [] },
      { answer: { message: signupRequested(email) }, cookies: [] },
    ]);
    expect(await prisma.user.count({ where: { email } })).toBe(1);
    expect(await prisma.emailMessage.count({ where: { toAddress: email, template: "verify-email" } })).toBe(1);
  });

  it("is not offered by the admin app: NOT_FOUND, and no account", async () => {
    const email = uniqueEmail("via-admin");
    const { api, ctx } = await browser({ app: "admin" });
    expect((await failureOf(api.auth.signup({ email, password: PASSWORD, displayName: "Side Door" }))).code).toBe(
      "NOT_FOUND",
    );
    expect(await prisma.user.count({ where: { email } })).toBe(0);
    expect(setCookies(ctx)).toEqual([]);
  });
});

describe("sign-in", () => {
  it("the per-email limit counts one address however it is capitalised or padded", async () => {
    const m = await member();
    const ip = newIp();
    const [local, domain] = m.email.split("@") as [string, string];
    const variants = [
      m.email.toUpperCase(),
      ` ${m.email}`,
      `${local.toUpperCase()}@${domain}`,
      `${m.email} `,
      `${local}@${domain.toUpperCase()}`,
    ];
    for (const email of variants) {
      expect(
        (await failureOf((await browser({ ip })).api.auth.login({ email, password: "not the password at all" })))
          .message,
      ).toBe(LOGIN_FAILED);
    }
    const sixth = await browser({ ip });
    expect((await failureOf(sixth.api.auth.login({ email: m.email, password: PASSWORD }))).code).toBe(
      "TOO_MANY_REQUESTS",
    );
    const retryAfter = Number(sixth.ctx.responseHeaders.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(setCookies(sixth.ctx)).toEqual([]);
    expect(await prisma.session.count({ where: { userId: m.id } })).toBe(0);
  });

  it("a member at the admin app's sign-in is refused with the right password and told why, with no session", async () => {
    const m = await member();
    const right = await browser({ app: "admin" });
    expect(await failureOf(right.api.auth.login({ email: m.email, password: PASSWORD }))).toEqual({
      code: "FORBIDDEN",
      message: "This account is not an admin.",
    });
    expect(setCookies(right.ctx)).toEqual([]);
    expect(await prisma.session.count({ where: { userId: m.id } })).toBe(0);
    // A wrong password there gets the usual answer, the same as for an unknown email.
    const wrong = await failureOf(
      (await browser({ app: "admin" })).api.auth.login({ email: m.email, password: "not the password at all" }),
    );
    const unknown = await failureOf(
      (await browser({ app: "admin" })).api.auth.login({
        email: uniqueEmail("ghost"),
        password: "not the password at all",
      }),
    );
    expect(wrong).toEqual({ code: "UNAUTHORIZED", message: LOGIN_FAILED });
    expect(unknown).toEqual(wrong);
  });

  it("a lock with 7 minutes left refuses the right password, says how long, and guesses during it neither count nor extend it", async () => {
    const m = await member();
    const ip = newIp();
    const lockedUntil = new Date(Date.now() + 7 * MINUTE - 1000);
    const where = { emailHash_source: { emailHash: emailKey(m.email), source: `ip:${networkOf(ip)}` } };
    await prisma.signInThrottle.create({ data: { ...where.emailHash_source, lockedUntil, updatedAt: new Date() } });
    const { api, ctx } = await browser({ ip });
    expect(await failureOf(api.auth.login({ email: m.email, password: PASSWORD }))).toEqual({
      code: "TOO_MANY_REQUESTS",
      message:
        "Too many failed sign-ins. This account is locked for 7 more minutes here. If it is yours, the email we sent it has a link to unlock it now.",
    });
    expect(setCookies(ctx)).toEqual([]);
    await failureOf((await browser({ ip })).api.auth.login({ email: m.email, password: "not the password at all" }));
    expect(
      await prisma.signInThrottle.findUniqueOrThrow({ where, select: { lockedUntil: true, failures: true } }),
    ).toEqual({ lockedUntil, failures: 0 });
    expect(await prisma.session.count({ where: { userId: m.id } })).toBe(0);
  });

  // An admin's lock is stored as lockedUntil 9999-12-31 (INDEFINITE_LOCK): it gets its own words.
  it("a member locked by an admin is told the account is locked, not a false failed-sign-in story with a billions-of-minutes wait", async () => {
    const m = await member();
    await (await adminApi()).admin.users.setLock({ userId: m.id, locked: true });
    const failure = await failureOf((await browser()).api.auth.login({ email: m.email, password: PASSWORD }));
    expect(failure.message).toMatch(/locked/i);
    expect(failure.message).not.toMatch(/too many failed sign-ins/i);
    expect(failure.message).not.toMatch(/\d{5,}/);
  });
});
