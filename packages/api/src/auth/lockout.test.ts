import { randomUUID } from "node:crypto";
import { hashPassword } from "@tradecraft/auth";
import { getPrisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { createContext } from "../context.ts";
import { createCaller } from "../root.ts";
import { LOCKOUT_THRESHOLD } from "./login.handler.ts";

const PASSWORD = "violet tractor sings under copper rain";
let ipCounter = 0;

/** A caller from a fresh IP each time, so the per-IP rate limits stay out of the way. */
async function callerFromNewIp() {
  ipCounter += 1;
  const ctx = await createContext({
    headers: new Headers({ "user-agent": "lockout-test" }),
    app: "web",
    requestId: `lockout-${ipCounter}`,
    ip: `192.0.2.${ipCounter % 250}`,
    responseHeaders: new Headers(),
  });
  return { caller: createCaller(ctx), ctx };
}

async function createMember() {
  const email = `${randomUUID()}@example.test`;
  const user = await getPrisma().user.create({
    data: { email, displayName: "Lockout Test", passwordHash: await hashPassword(PASSWORD) },
    select: { id: true },
  });
  return { email, id: user.id };
}

async function codeOf(promise: Promise<unknown>) {
  return promise.then(
    () => "OK",
    (error) => (error instanceof TRPCError ? error.code : String(error)),
  );
}

describe("account lockout", () => {
  it(`locks the account for 15 minutes after ${LOCKOUT_THRESHOLD} consecutive failures, even for the right password`, async () => {
    const member = await createMember();
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) {
      const { caller } = await callerFromNewIp();
      expect(await codeOf(caller.auth.login({ email: member.email, password: `wrong guess ${i}` }))).toBe("UNAUTHORIZED");
    }
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: member.id }, select: { lockedUntil: true } });
    const minutesLeft = (row.lockedUntil!.getTime() - Date.now()) / 60_000;
    expect(minutesLeft).toBeGreaterThan(14.9);
    expect(minutesLeft).toBeLessThanOrEqual(15);

    const { caller, ctx } = await callerFromNewIp();
    const error = await caller.auth.login({ email: member.email, password: PASSWORD }).catch((e: TRPCError) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    expect((error as TRPCError).message).toMatch(/locked for 15 more minutes/);
    expect(ctx.responseHeaders.getSetCookie()).toEqual([]);
    expect(await getPrisma().session.count({ where: { userId: member.id } })).toBe(0);

    const events = await getPrisma().auditEvent.findMany({ where: { subjectId: member.id }, select: { action: true, metadata: true } });
    expect(events.filter((e) => e.action === "auth.login.failed")).toHaveLength(LOCKOUT_THRESHOLD);
    expect(events.filter((e) => e.action === "auth.lockout")).toHaveLength(1);
    expect(events.filter((e) => e.action === "auth.login.locked")).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain("wrong guess");
  });

  it("lets the owner back in once the lock has passed, and a success resets the count", async () => {
    const member = await createMember();
    await getPrisma().user.update({
      where: { id: member.id },
      data: { lockedUntil: new Date(Date.now() - 1000), failedLoginCount: 0 },
    });
    for (let i = 0; i < 3; i++) {
      const { caller } = await callerFromNewIp();
      await codeOf(caller.auth.login({ email: member.email, password: "still wrong" }));
    }
    expect((await getPrisma().user.findUniqueOrThrow({ where: { id: member.id } })).failedLoginCount).toBe(3);
    const { caller } = await callerFromNewIp();
    expect(await codeOf(caller.auth.login({ email: member.email, password: PASSWORD }))).toBe("OK");
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: member.id }, select: { failedLoginCount: true, lockedUntil: true } });
    expect(row).toEqual({ failedLoginCount: 0, lockedUntil: null });
    const success = await getPrisma().auditEvent.findFirst({ where: { subjectId: member.id, action: "auth.login.succeeded" } });
    expect(success).toMatchObject({ actorId: member.id, userAgent: "lockout-test", metadata: { app: "web" } });
  });
});
