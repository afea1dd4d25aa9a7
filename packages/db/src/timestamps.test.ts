import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "./client.ts";

const prisma = createPrismaClient(process.env.DATABASE_URL!);
const email = `dst-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}@timestamps.test`;
// 07:30 UTC on the day US clocks sprang forward (02:00 EST → 03:00 EDT, i.e. 07:00 UTC).
const createdAt = new Date("2024-03-10T07:30:15.123Z");

afterAll(async () => {
  await prisma.$disconnect();
});

describe("timestamps", () => {
  it("every connection's session runs in UTC", async () => {
    const rows = await prisma.$queryRawUnsafe<{ TimeZone: string }[]>("SHOW TimeZone");
    expect(rows).toEqual([{ TimeZone: "UTC" }]);
  });

  it("a createdAt on a DST switch day round-trips to the millisecond and is stored as that UTC instant", async () => {
    const user = await prisma.user.create({ data: { email, displayName: "Dee Ess Tee", createdAt } });
    const reread = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(reread.createdAt.getTime()).toBe(createdAt.getTime());
    expect(reread.createdAt.toISOString()).toBe("2024-03-10T07:30:15.123Z");

    const rows = await prisma.$queryRawUnsafe<{ utc: string }[]>(
      `SELECT to_char("createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') AS utc FROM "User" WHERE id = $1`,
      user.id,
    );
    expect(rows).toEqual([{ utc: "2024-03-10 07:30:15.123" }]);
  });

  it("a local time written by a session in another zone is stored as the right UTC instant", async () => {
    // 03:30 in New York on the switch day is EDT (UTC−4), so 07:30 UTC. SET LOCAL ends with the
    // transaction, so the shared (and, on PGlite, single) session stays in UTC.
    const { id } = await prisma.user.create({ data: { email: `local-${email}`, displayName: "Local Time" } });
    await prisma.$transaction([
      prisma.$executeRawUnsafe("SET LOCAL TIME ZONE 'America/New_York'"),
      prisma.$executeRawUnsafe(`UPDATE "User" SET "emailVerifiedAt" = '2024-03-10 03:30:15.123' WHERE id = $1`, id),
    ]);
    const user = await prisma.user.findUniqueOrThrow({ where: { id } });
    expect(user.emailVerifiedAt?.toISOString()).toBe("2024-03-10T07:30:15.123Z");
  });

  it("User's timestamps are timestamp with time zone columns", async () => {
    const rows = await prisma.$queryRawUnsafe<{ column_name: string; data_type: string }[]>(
      `SELECT column_name::text, data_type::text FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = 'User'
         AND column_name IN ('createdAt', 'updatedAt', 'emailVerifiedAt')
       ORDER BY column_name`,
    );
    expect(rows).toEqual([
      { column_name: "createdAt", data_type: "timestamp with time zone" },
      { column_name: "emailVerifiedAt", data_type: "timestamp with time zone" },
      { column_name: "updatedAt", data_type: "timestamp with time zone" },
    ]);
  });
});
