// The dashboard is kept rendered per page version (apps/web/server.ts), and it shows the member's
// allowances: so taking, giving back and resetting usage must move the version, on a real database.
import { getPrisma } from "@tradecraft/db";
import { describe, expect, it } from "vitest";
import { newMember } from "../testing/members.ts";
import { consumeQuota, releaseQuota } from "./quota.ts";

const prisma = getPrisma();
const versionOf = async (userId: string) =>
  (await prisma.memberPageVersion.findUniqueOrThrow({ where: { userId }, select: { version: true } })).version;

describe("usage counters and the member's page version", () => {
  it("moves with each unit taken or given back, and with a reset; another member's stays", async () => {
    const { user } = await newMember({ label: "usage-version" });
    const { user: other } = await newMember({ label: "usage-version-other" });
    const ctx = { prisma, logger: console as never, user: { id: user.id, tier: "FREE" as const } };
    const otherBefore = await versionOf(other.id);

    const v0 = await versionOf(user.id);
    await consumeQuota(ctx, { kind: "gradings", units: 1 }); // the period's first: an insert
    const v1 = await versionOf(user.id);
    expect(v1).toBeGreaterThan(v0);
    await consumeQuota(ctx, { kind: "gradings", units: 1 }); // then an update of the same row
    const v2 = await versionOf(user.id);
    expect(v2).toBeGreaterThan(v1);
    await releaseQuota(ctx, { kind: "gradings", units: 1 });
    const v3 = await versionOf(user.id);
    expect(v3).toBeGreaterThan(v2);
    await prisma.usageCounter.deleteMany({ where: { userId: user.id } }); // an admin's reset
    expect(await versionOf(user.id)).toBeGreaterThan(v3);

    expect(await versionOf(other.id)).toBe(otherBefore);
  });
});
