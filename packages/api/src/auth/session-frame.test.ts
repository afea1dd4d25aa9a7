// The session read carries what every member page shows around itself (issue 16): the frame
// comes from the same statement as the session, and is the member's own.
import { randomUUID } from "node:crypto";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, describe, expect, it } from "vitest";
import { createSession, validateSessionToken } from "./session.service.ts";

const prisma = getPrisma();

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

async function member(profile?: { timeZone: string; breakevenBand: string; timeZoneConfirmedAt: Date | null }) {
  return prisma.user.create({
    data: {
      email: `frame-${randomUUID()}@example.test`,
      displayName: "Fran Frame",
      ...(profile ? { profile: { create: profile } } : {}),
    },
    select: { id: true },
  });
}

async function notify(userId: string, read: boolean) {
  await prisma.notification.create({
    data: { userId, kind: "PRICE_ALERT", title: "t", body: "b", readAt: read ? new Date() : null },
  });
}

describe("the session's frame", () => {
  it("has the member's verification, zone, band and unread count, not another member's", async () => {
    const m = await member({ timeZone: "Europe/Paris", breakevenBand: "2.50", timeZoneConfirmedAt: new Date() });
    const other = await member();
    await notify(m.id, false);
    await notify(m.id, false);
    await notify(m.id, true);
    await notify(other.id, false);
    const { token } = await createSession(prisma, { userId: m.id, app: "web" });
    const session = await validateSessionToken(prisma, "web", token);
    expect(session?.user).toMatchObject({ id: m.id, displayName: "Fran Frame", role: "MEMBER", tier: "FREE" });
    expect(session?.user.frame).toEqual({
      emailVerified: false,
      timeZone: "Europe/Paris",
      timeZoneConfirmed: true,
      breakevenBand: 2.5,
      unreadNotifications: 2,
    });
    await prisma.user.update({ where: { id: m.id }, data: { emailVerifiedAt: new Date() } });
    await prisma.notification.updateMany({ where: { userId: m.id }, data: { readAt: new Date() } });
    expect((await validateSessionToken(prisma, "web", token))?.user.frame).toMatchObject({
      emailVerified: true,
      unreadNotifications: 0,
    });
  });

  it("without a profile: UTC, no band, the zone not yet chosen", async () => {
    const m = await member();
    const { token } = await createSession(prisma, { userId: m.id, app: "web" });
    expect((await validateSessionToken(prisma, "web", token))?.user.frame).toEqual({
      emailVerified: false,
      timeZone: "UTC",
      timeZoneConfirmed: false,
      breakevenBand: 0,
      unreadNotifications: 0,
    });
  });

  it("an unknown token or the other app's session reads nothing", async () => {
    const m = await member();
    const { token } = await createSession(prisma, { userId: m.id, app: "admin" });
    expect(await validateSessionToken(prisma, "web", token)).toBeNull();
    expect(await validateSessionToken(prisma, "web", "a".repeat(32))).toBeNull();
  });
});
