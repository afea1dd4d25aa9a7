import { randomUUID } from "node:crypto";
import { getPrisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { createContext } from "../context.ts";
import { appRouter, createCaller } from "../root.ts";

async function userOf(role: "MEMBER" | "ADMIN") {
  const user = await getPrisma().user.create({
    data: { email: `${randomUUID()}@example.test`, displayName: `${role} tester`, role },
    select: { id: true, email: true, displayName: true, role: true, tier: true },
  });
  const ctx = await createContext({ headers: new Headers(), app: "admin", requestId: "authz-test-0001", ip: "192.0.2.1" });
  return { user, caller: createCaller({ ...ctx, user }) };
}

/** Every procedure under admin.*, by its dotted path, found by walking the router. */
function adminProcedurePaths(): string[] {
  return Object.keys(appRouter._def.procedures).filter((path) => path.startsWith("admin."));
}

async function call(caller: ReturnType<typeof createCaller>, path: string, input: unknown) {
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (i: unknown) => Promise<unknown>;
  return fn(input);
}

describe("admin procedures", () => {
  it("refuse a member with FORBIDDEN, every one of them, before touching the input", async () => {
    const { caller } = await userOf("MEMBER");
    const paths = adminProcedurePaths();
    expect(paths.length).toBeGreaterThanOrEqual(7);
    for (const path of paths) {
      const error = await call(caller, path, { userId: "x", tier: "PRO", locked: true, page: 1 }).catch((e: unknown) => e);
      expect(error, path).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code, path).toBe("FORBIDDEN");
    }
  });

  it("record each admin action in the audit log with the admin as actor", async () => {
    const admin = await userOf("ADMIN");
    const { user: member } = await userOf("MEMBER");
    await admin.caller.admin.users.setTier({ userId: member.id, tier: "PRO" });
    await admin.caller.admin.users.setLock({ userId: member.id, locked: true });
    await admin.caller.admin.users.setLock({ userId: member.id, locked: false });
    await admin.caller.admin.users.markVerified({ userId: member.id });
    await admin.caller.admin.users.revokeSessions({ userId: member.id });
    const events = await getPrisma().auditEvent.findMany({
      where: { subjectId: member.id },
      orderBy: { createdAt: "asc" },
      select: { action: true, actorId: true, requestId: true },
    });
    expect(events.map((e) => e.action)).toEqual([
      "admin.user.tier_changed",
      "admin.user.locked",
      "admin.user.unlocked",
      "admin.user.email_verified",
      "admin.user.sessions_revoked",
    ]);
    expect(events.every((e) => e.actorId === admin.user.id && e.requestId === "authz-test-0001")).toBe(true);
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: member.id }, select: { tier: true, lockedUntil: true, emailVerifiedAt: true } });
    expect(row.tier).toBe("PRO");
    expect(row.lockedUntil).toBeNull();
    expect(row.emailVerifiedAt).toBeInstanceOf(Date);
  });

  it("answer NOT_FOUND for a user that does not exist, and refuse an admin locking themself", async () => {
    const admin = await userOf("ADMIN");
    for (const attempt of [
      () => admin.caller.admin.users.get({ userId: "no-such-user" }),
      () => admin.caller.admin.users.setTier({ userId: "no-such-user", tier: "PRO" }),
      () => admin.caller.admin.users.revokeSessions({ userId: "no-such-user" }),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await expect(admin.caller.admin.users.setLock({ userId: admin.user.id, locked: true })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("search users by email or name, case-insensitively", async () => {
    const admin = await userOf("ADMIN");
    const tag = randomUUID().slice(0, 8);
    await getPrisma().user.create({ data: { email: `needle-${tag}@example.test`, displayName: "Somebody" } });
    await getPrisma().user.create({ data: { email: `other-${tag}@example.test`, displayName: `Haystack ${tag.toUpperCase()}` } });
    const byEmail = await admin.caller.admin.users.list({ query: `NEEDLE-${tag}` });
    expect(byEmail.users.map((u) => u.email)).toEqual([`needle-${tag}@example.test`]);
    const byName = await admin.caller.admin.users.list({ query: `haystack ${tag}` });
    expect(byName.users.map((u) => u.displayName)).toEqual([`Haystack ${tag.toUpperCase()}`]);
  });
});
