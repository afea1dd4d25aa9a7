import { randomUUID } from "node:crypto";
import { getPrisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { rootLogger, runWithRequestFacts } from "@tradecraft/config";
import { createSession } from "../auth/session.service.ts";
import { createContext } from "../context.ts";
import { handleTrpcHttpRequest } from "../http.ts";
import { appRouter, createCaller } from "../root.ts";

async function userOf(role: "MEMBER" | "ADMIN") {
  const user = await getPrisma().user.create({
    data: { email: `${randomUUID()}@example.test`, displayName: `${role} tester`, role },
    select: { id: true, email: true, displayName: true, role: true, tier: true },
  });
  const ctx = await createContext({
    headers: new Headers(),
    app: "admin",
    requestId: "authz-test-0001",
    ip: "192.0.2.1",
  });
  return { user, caller: createCaller({ ...ctx, user }) };
}

/** Every procedure under admin.*, by its dotted path, found by walking the router. */
function adminProcedurePaths(): string[] {
  return Object.keys(appRouter._def.procedures).filter((path) => path.startsWith("admin."));
}

async function call(caller: ReturnType<typeof createCaller>, path: string, input: unknown) {
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    i: unknown,
  ) => Promise<unknown>;
  return fn(input);
}

describe("admin procedures", () => {
  it("refuse a member with FORBIDDEN, every one of them, before touching the input", async () => {
    const { caller } = await userOf("MEMBER");
    const paths = adminProcedurePaths();
    expect(paths.length).toBeGreaterThanOrEqual(7);
    for (const path of paths) {
      const error = await call(caller, path, { userId: "x", tier: "PRO", locked: true, page: 1 }).catch(
        (e: unknown) => e,
      );
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
    const row = await getPrisma().user.findUniqueOrThrow({
      where: { id: member.id },
      select: { tier: true, lockedUntil: true, emailVerifiedAt: true },
    });
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
    await expect(admin.caller.admin.users.setLock({ userId: admin.user.id, locked: true })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("search users by email or name, case-insensitively", async () => {
    const admin = await userOf("ADMIN");
    const tag = randomUUID().slice(0, 8);
    await getPrisma().user.create({ data: { email: `needle-${tag}@example.test`, displayName: "Somebody" } });
    await getPrisma().user.create({
      data: { email: `other-${tag}@example.test`, displayName: `Haystack ${tag.toUpperCase()}` },
    });
    const byEmail = await admin.caller.admin.users.list({ query: `NEEDLE-${tag}` });
    expect(byEmail.users.map((u) => u.email)).toEqual([`needle-${tag}@example.test`]);
    const byName = await admin.caller.admin.users.list({ query: `haystack ${tag}` });
    expect(byName.users.map((u) => u.displayName)).toEqual([`Haystack ${tag.toUpperCase()}`]);
  });
});

describe("admin procedures outside the admin app", () => {
  it("refuse an ADMIN whose context was built by the members' app, every one of them", async () => {
    const { user } = await userOf("ADMIN");
    const ctx = await createContext({
      headers: new Headers(),
      app: "web",
      requestId: "authz-web-0001",
      ip: "192.0.2.1",
    });
    const caller = createCaller({ ...ctx, user });
    for (const path of adminProcedurePaths()) {
      const error = await call(caller, path, { userId: user.id, tier: "PRO", locked: false, page: 1 }).catch(
        (e: unknown) => e,
      );
      expect((error as TRPCError).code, path).toBe("FORBIDDEN");
    }
  });

  it("are not served over HTTP by the members' app, even to an admin's members'-app session", async () => {
    const { user: admin } = await userOf("ADMIN");
    const { user: member } = await userOf("MEMBER");
    const { token } = await createSession(getPrisma(), { userId: admin.id, app: "web" });
    const headers = {
      cookie: `tc_session=${token}`,
      "content-type": "application/json",
      origin: "http://localhost:3000",
    };
    const facts = (app: "web" | "admin") => ({
      requestId: "authz-http-0001",
      ip: "192.0.2.1",
      app,
      logger: rootLogger(),
      responseHeaders: new Headers(),
    });
    const post = (app: "web" | "admin", path: string, body: unknown) =>
      runWithRequestFacts(facts(app), () =>
        handleTrpcHttpRequest(
          new Request(`http://localhost:3000/api/trpc/${path}`, {
            method: "POST",
            headers,
            body: JSON.stringify(body),
          }),
        ),
      );
    for (const path of ["admin.users.setTier", "admin.users.revokeSessions", "system.status,admin.users.setTier"]) {
      const response = await post("web", path, { json: { userId: member.id, tier: "PRO" } });
      expect(response.status, path).toBe(404);
    }
    const list = await runWithRequestFacts(facts("web"), () =>
      handleTrpcHttpRequest(new Request("http://localhost:3000/api/trpc/admin.users.list?input=%7B%7D", { headers })),
    );
    expect(list.status).toBe(404);
    expect(response404Body(await list.json())).toBe("NOT_FOUND");
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: member.id }, select: { tier: true } });
    expect(row.tier).toBe("FREE");
    // The same members'-app cookie on the admin app is no admin session at all.
    const onAdmin = await post("admin", "admin.users.setTier", { json: { userId: member.id, tier: "PRO" } });
    expect(onAdmin.status).toBe(401);
  });
});

const response404Body = (body: unknown) => (body as { error: { code: string } }).error.code;
