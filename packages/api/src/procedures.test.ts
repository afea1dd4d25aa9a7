import { randomBytes } from "node:crypto";
import { closePrisma, closeRedis, type Role, type Tier } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { createContext, type Context } from "./context.ts";
import { createCaller } from "./root.ts";
import type { SessionUser } from "./session.ts";

let ctx: Context;
const runId = `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;

beforeAll(async () => {
  ctx = await createContext({ headers: new Headers(), app: "web", requestId: "test-request-0001" });
});

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

/** Creates a real user row and returns them as the session would present them. */
async function createUser(
  label: string,
  { role = "MEMBER", tier = "FREE", createdAt }: { role?: Role; tier?: Tier; createdAt?: Date } = {},
): Promise<SessionUser> {
  const user = await ctx.prisma.user.create({
    data: { email: `${label}-${runId}@procedures.test`, displayName: label, role, tier, createdAt },
  });
  return { id: user.id, email: user.email, displayName: user.displayName, role: user.role, tier: user.tier };
}

// An admin calls from the admin app (admin procedures answer nowhere else).
const callerAs = (user: SessionUser | null) =>
  createCaller({ ...ctx, app: user?.role === "ADMIN" ? "admin" : ctx.app, user });

describe("system procedures", () => {
  it("status reports the service, a semver version, the server time and a live database", async () => {
    const status = await callerAs(null).system.status();
    expect(status.name).toBe("Tradecraft");
    expect(status.database).toBe("up");
    expect(status.version).toMatch(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/);
    expect(status.serverTime).toBeInstanceOf(Date);
    expect(Math.abs(status.serverTime.getTime() - Date.now())).toBeLessThan(5_000);
  });

  it("timeZone gives New York's current offset (EST or EDT)", async () => {
    const info = await callerAs(null).system.timeZone({ timeZone: "America/New_York" });
    expect(info.timeZone).toBe("America/New_York");
    expect([-300, -240]).toContain(info.offsetMinutes);
  });

  it("timeZone rejects an unknown zone as BAD_REQUEST with the zod issue as its cause", async () => {
    const error = await callerAs(null)
      .system.timeZone({ timeZone: "Mars/Olympus" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as TRPCError).cause).toBeInstanceOf(ZodError);
    expect((error as TRPCError).cause!.message).toContain("Not a known IANA time zone");
  });

  it("whoami refuses an anonymous caller with UNAUTHORIZED", async () => {
    await expect(callerAs(null).system.whoami()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("whoami returns the signed-in member", async () => {
    const member = await createUser("whoami");
    await expect(callerAs(member).system.whoami()).resolves.toEqual(member);
  });
});

describe("admin procedures", () => {
  it("overview refuses a member with FORBIDDEN and an anonymous caller with UNAUTHORIZED", async () => {
    const member = await createUser("not-admin");
    await expect(callerAs(member).admin.overview()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(null).admin.overview()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("overview counts members, admins, PRO members and sign-ups of the last seven days", async () => {
    const admin = await createUser("admin", { role: "ADMIN" });
    const api = callerAs(admin);
    const before = await api.admin.overview();

    await createUser("free-1");
    await createUser("free-2");
    await createUser("pro", { tier: "PRO" });
    await createUser("old", { createdAt: new Date(Date.now() - 8 * 24 * 3600 * 1000) });

    const after = await api.admin.overview();
    expect({
      members: after.members - before.members,
      admins: after.admins - before.admins,
      proMembers: after.proMembers - before.proMembers,
      newThisWeek: after.newThisWeek - before.newThisWeek,
    }).toEqual({ members: 4, admins: 0, proMembers: 1, newThisWeek: 3 });
  });
});
