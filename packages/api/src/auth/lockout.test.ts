// Lockout after failed sign-ins, per email AND source: what a guesser learns (nothing about who
// has an account), what the owner keeps (their own browser), and how they get back in (the email).
import { randomUUID } from "node:crypto";
import { hashPassword } from "@tradecraft/auth";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import { afterAll, describe, expect, it } from "vitest";
import { createContext } from "../context.ts";
import { createCaller } from "../root.ts";
import { ADMIN_LOCKED, LOCKOUT_THRESHOLD, LOGIN_FAILED } from "./login.handler.ts";
import { emailKey } from "./sign-in-throttle.ts";

const prisma = getPrisma();
const PASSWORD = "violet tractor sings under copper rain";
const MINUTE = 60 * 1000;

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

/**
 * A network of its own (an IPv6 /64, random per run: Redis keeps rate-limit counters between
 * runs). Each call of `address()` is another address in it, so the per-address rate limits stay
 * out of the way while the lockout, which counts the whole /64, sees one source.
 */
function network() {
  // Groups without leading zeros: the source is stored in the normal IPv6 form ("0a1b" is "a1b").
  const group = () => (0x1000 + Math.floor(Math.random() * 0xefff)).toString(16);
  const prefix = `2001:db8:${group()}:${group()}`;
  let host = 0;
  return { prefix, address: () => `${prefix}::${(++host).toString(16)}` };
}

async function browser({ ip, cookie, app = "web" }: { ip: string; cookie?: string; app?: "web" | "admin" }) {
  const headers = new Headers({ "user-agent": "lockout-test" });
  if (cookie) headers.set("cookie", cookie);
  const ctx = await createContext({
    headers,
    app,
    ip,
    requestId: `lockout-${randomUUID()}`,
    responseHeaders: new Headers(),
  });
  return { api: createCaller(ctx), ctx };
}

async function attempt(opts: { ip: string; cookie?: string }, email: string, password: string) {
  const { api, ctx } = await browser(opts);
  const outcome = await api.auth.login({ email, password }).then(
    () => ({ code: "OK", message: "" }),
    (error: unknown) => {
      if (!(error instanceof TRPCError)) throw error;
      return { code: error.code, message: error.message };
    },
  );
  return { ...outcome, cookies: ctx.responseHeaders.getSetCookie() };
}

/** The device cookie a successful sign-in set, as a Cookie header. */
const deviceCookieOf = (cookies: string[]) => cookies.find((c) => c.startsWith("tc_device="))!.split(";")[0]!;

async function member({ role = "MEMBER" as "MEMBER" | "ADMIN" } = {}) {
  const email = `lockout-${randomUUID().slice(0, 8)}@example.test`;
  const user = await prisma.user.create({
    data: {
      email,
      displayName: "Lee Lockout",
      role,
      passwordHash: await hashPassword(PASSWORD),
      profile: { create: {} },
    },
    select: { id: true },
  });
  return { id: user.id, email };
}

/** Ten wrong passwords from one network, each from another address in it. */
async function failTenTimes(net: ReturnType<typeof network>, email: string, cookie?: string) {
  const outcomes = [];
  for (let i = 0; i < LOCKOUT_THRESHOLD; i++)
    outcomes.push(await attempt({ ip: net.address(), cookie }, email, `wrong guess ${i}`));
  return outcomes;
}

const lockoutMails = (userId: string) =>
  prisma.emailMessage.findMany({ where: { userId, template: "account-locked" }, select: { textBody: true } });
const linkIn = (text: string, path: string) => {
  const link = text.match(/https?:\/\/\S+/g)?.find((l) => new URL(l).pathname === path);
  if (!link) throw new Error(`no ${path} link in ${text}`);
  return new URL(link).searchParams.get("token")!;
};

describe("lockout answers the same whether or not the email has an account", () => {
  it(`after ${LOCKOUT_THRESHOLD} failures from one network, a real and an unknown email both get 429 'locked for 15 more minutes'`, async () => {
    const real = await member();
    const unknown = `nobody-${randomUUID().slice(0, 8)}@example.test`;
    const [realNet, unknownNet] = [network(), network()];

    const realFailures = await failTenTimes(realNet, real.email);
    const unknownFailures = await failTenTimes(unknownNet, unknown);
    expect(realFailures.map(({ code, message }) => ({ code, message }))).toEqual(
      Array(LOCKOUT_THRESHOLD).fill({ code: "UNAUTHORIZED", message: LOGIN_FAILED }),
    );
    expect(unknownFailures.map(({ code, message }) => ({ code, message }))).toEqual(
      realFailures.map(({ code, message }) => ({ code, message })),
    );

    // Now even the right password is refused from there, in the same words as for the unknown email.
    const realLocked = await attempt({ ip: realNet.address() }, real.email, PASSWORD);
    const unknownLocked = await attempt({ ip: unknownNet.address() }, unknown, PASSWORD);
    expect(realLocked).toEqual({
      code: "TOO_MANY_REQUESTS",
      message:
        "Too many failed sign-ins. This account is locked for 15 more minutes here. If it is yours, the email we sent it has a link to unlock it now.",
      cookies: [],
    });
    expect(unknownLocked).toEqual(realLocked);
    expect(await prisma.session.count({ where: { userId: real.id } })).toBe(0);

    // Both are recorded alike; the unknown address is kept only as a hash.
    for (const email of [real.email, unknown]) {
      const [row] = await prisma.signInThrottle.findMany({ where: { emailHash: emailKey(email) } });
      expect(row!.source).toMatch(/^ip:2001:db8:[0-9a-f]+:[0-9a-f]+::\/64$/);
      const minutesLeft = (row!.lockedUntil!.getTime() - Date.now()) / MINUTE;
      expect(minutesLeft).toBeGreaterThan(14.9);
      expect(minutesLeft).toBeLessThanOrEqual(15);
    }
    expect(JSON.stringify(await prisma.signInThrottle.findMany())).not.toContain(unknown);

    const events = await prisma.auditEvent.findMany({ where: { subjectId: real.id }, select: { action: true } });
    expect(events.filter((e) => e.action === "auth.login.failed")).toHaveLength(LOCKOUT_THRESHOLD);
    expect(events.filter((e) => e.action === "auth.lockout")).toHaveLength(1);
    expect(events.filter((e) => e.action === "auth.login.locked")).toHaveLength(1);
  });

  it("an admin's lock is told only to someone with the right password; a guesser gets the usual answer", async () => {
    const locked = await member();
    await prisma.user.update({ where: { id: locked.id }, data: { lockedUntil: new Date("9999-12-31T00:00:00Z") } });
    const net = network();
    const wrong = await attempt({ ip: net.address() }, locked.email, "not the password at all");
    const unknown = await attempt(
      { ip: net.address() },
      `nobody-${randomUUID().slice(0, 8)}@example.test`,
      "not the password at all",
    );
    expect(wrong).toEqual({ code: "UNAUTHORIZED", message: LOGIN_FAILED, cookies: [] });
    expect(unknown).toEqual(wrong);
    expect(await attempt({ ip: net.address() }, locked.email, PASSWORD)).toEqual({
      code: "FORBIDDEN",
      message: ADMIN_LOCKED,
      cookies: [],
    });
  });
});

describe("a lock holds one source only", () => {
  it("guesses from one network do not lock the owner out from another", async () => {
    const m = await member();
    await failTenTimes(network(), m.email);
    expect((await attempt({ ip: network().address() }, m.email, PASSWORD)).code).toBe("OK");
  });

  it("the owner's own browser (its device cookie) signs in even from the attacker's network while that network is locked", async () => {
    const m = await member();
    const shared = network(); // e.g. the office, or a carrier's NAT
    const first = await attempt({ ip: shared.address() }, m.email, PASSWORD);
    const device = deviceCookieOf(first.cookies);
    expect(device).toMatch(/^tc_device=[a-z2-7]{26}\.[0-9a-f]{64}$/);

    await failTenTimes(shared, m.email);
    expect((await attempt({ ip: shared.address() }, m.email, PASSWORD)).code).toBe("TOO_MANY_REQUESTS");
    expect((await attempt({ ip: shared.address(), cookie: device }, m.email, PASSWORD)).code).toBe("OK");
  });

  it("a device cookie counts only for the account it signed in to; for another it is just its network", async () => {
    const owner = await member();
    const other = await member();
    const net = network();
    const device = deviceCookieOf((await attempt({ ip: net.address() }, owner.email, PASSWORD)).cookies);
    await failTenTimes(net, other.email, device);
    expect((await attempt({ ip: net.address() }, other.email, PASSWORD)).code).toBe("TOO_MANY_REQUESTS");
    const forged = device.replace(/\.[0-9a-f]{64}$/, `.${"0".repeat(64)}`);
    expect((await attempt({ ip: net.address(), cookie: forged }, owner.email, PASSWORD)).code).toBe("OK");
  });

  it("failures from a known browser lock that browser (wherever it goes), not the account's other places", async () => {
    const m = await member();
    const device = deviceCookieOf((await attempt({ ip: network().address() }, m.email, PASSWORD)).cookies);
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++)
      await attempt({ ip: network().address(), cookie: device }, m.email, `wrong ${i}`);
    expect((await attempt({ ip: network().address(), cookie: device }, m.email, PASSWORD)).code).toBe(
      "TOO_MANY_REQUESTS",
    );
    expect((await attempt({ ip: network().address() }, m.email, PASSWORD)).code).toBe("OK");
  });
});

describe("getting back in", () => {
  it("the lockout email's unlock link lifts every lock on the account, once; its reset link works too", async () => {
    const m = await member();
    const [a, b] = [network(), network()];
    await failTenTimes(a, m.email);
    await failTenTimes(b, m.email);
    const mails = await lockoutMails(m.id);
    // One email however many places lock within the hour: its link lifts them all.
    expect(mails).toHaveLength(1);
    const unlockToken = linkIn(mails[0]!.textBody, "/unlock");
    const resetToken = linkIn(mails[0]!.textBody, "/reset-password");
    expect(unlockToken).toMatch(/^[a-z2-7]{52}$/);
    expect(await prisma.userToken.count({ where: { id: unlockToken } })).toBe(0); // only the hash is stored

    const anywhere = await browser({ ip: network().address() });
    expect(await anywhere.api.auth.unlock({ token: unlockToken })).toEqual({ email: m.email });
    expect(anywhere.ctx.responseHeaders.getSetCookie()).toEqual([]); // unlocking signs nobody in
    expect(await prisma.signInThrottle.count({ where: { emailHash: emailKey(m.email) } })).toBe(0);
    expect((await attempt({ ip: a.address() }, m.email, PASSWORD)).code).toBe("OK");
    expect((await attempt({ ip: b.address() }, m.email, PASSWORD)).code).toBe("OK");

    const again = await (
      await browser({ ip: network().address() })
    ).api.auth
      .unlock({ token: unlockToken })
      .catch((e: TRPCError) => e);
    expect(again).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/already been used/) });
    expect(
      (await (await browser({ ip: network().address() })).api.auth.checkResetToken({ token: resetToken })).email,
    ).toBe(m.email);
    const audit = await prisma.auditEvent.findFirst({ where: { subjectId: m.id, action: "auth.unlocked" } });
    expect(audit).toMatchObject({ actorId: m.id, metadata: { sources: 2 } });
  });

  it("concurrent guesses cannot slip past the threshold: one lock, one email", async () => {
    const m = await member();
    const net = network();
    const outcomes = await Promise.all(
      Array.from({ length: LOCKOUT_THRESHOLD + 4 }, (_, i) => attempt({ ip: net.address() }, m.email, `wrong ${i}`)),
    );
    expect(outcomes.filter((o) => o.code === "UNAUTHORIZED").length).toBeGreaterThanOrEqual(LOCKOUT_THRESHOLD);
    expect((await attempt({ ip: net.address() }, m.email, PASSWORD)).code).toBe("TOO_MANY_REQUESTS");
    expect(await lockoutMails(m.id)).toHaveLength(1);
    expect(await prisma.auditEvent.count({ where: { subjectId: m.id, action: "auth.lockout" } })).toBe(1);
  });

  it("a lock lapses after its 15 minutes; guesses during it neither count nor extend it; a success clears the count", async () => {
    const m = await member();
    const net = network();
    await failTenTimes(net, m.email);
    const where = { emailHash_source: { emailHash: emailKey(m.email), source: `ip:${net.prefix}::/64` } };
    const { lockedUntil } = await prisma.signInThrottle.findUniqueOrThrow({ where });
    await attempt({ ip: net.address() }, m.email, "a guess during the lock");
    expect(
      await prisma.signInThrottle.findUniqueOrThrow({ where, select: { failures: true, lockedUntil: true } }),
    ).toEqual({ failures: 0, lockedUntil });

    await prisma.signInThrottle.update({ where, data: { lockedUntil: new Date(Date.now() - 1000) } });
    for (let i = 0; i < 3; i++) await attempt({ ip: net.address() }, m.email, "still wrong");
    expect((await prisma.signInThrottle.findUniqueOrThrow({ where })).failures).toBe(3);
    expect((await attempt({ ip: net.address() }, m.email, PASSWORD)).code).toBe("OK");
    expect(await prisma.signInThrottle.count({ where: { emailHash: emailKey(m.email) } })).toBe(0);
  });

  it("an admin's unlock lifts the failed-sign-in locks as well", async () => {
    const m = await member();
    const admin = await member({ role: "ADMIN" });
    const net = network();
    await failTenTimes(net, m.email);
    const { api } = await browser({ ip: network().address(), app: "admin", cookie: await adminSession(admin.email) });
    await api.admin.users.setLock({ userId: m.id, locked: false });
    expect((await attempt({ ip: net.address() }, m.email, PASSWORD)).code).toBe("OK");
  });
});

async function adminSession(email: string) {
  const { api, ctx } = await browser({ ip: network().address(), app: "admin" });
  await api.auth.login({ email, password: PASSWORD });
  return ctx.responseHeaders
    .getSetCookie()
    .find((c) => c.startsWith("tc_admin_session="))!
    .split(";")[0]!;
}
