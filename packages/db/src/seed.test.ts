import { verifyPassword } from "@tradecraft/auth";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "./client.ts";
import { seed } from "./seed.ts";
import { createTestDatabase } from "./testing/database.ts";

const DEMO_PASSWORD = "tradecraft-demo-password";
const ADMIN = "admin@tradecraft.test";
const MEMBER = "member@tradecraft.test";
const ADMIN2 = "admin2@tradecraft.test";

const prisma = createPrismaClient(process.env.DATABASE_URL!);

afterAll(async () => {
  await prisma.$disconnect();
});

const demoAccounts = () =>
  prisma.user.findMany({
    where: { email: { in: [ADMIN, MEMBER, ADMIN2] } },
    select: { id: true, email: true, role: true, passwordHash: true },
    orderBy: { email: "asc" },
  });

describe("seed", () => {
  it("creates the demo admins and member with the documented password, and a second run changes nothing", async () => {
    const first = await seed(prisma, { nodeEnv: "development" });
    expect(first).toEqual({ created: [ADMIN, MEMBER, ADMIN2], unchanged: [] });

    const accounts = await demoAccounts();
    expect(accounts.map(({ email, role }) => ({ email, role }))).toEqual([
      { email: ADMIN2, role: "ADMIN" },
      { email: ADMIN, role: "ADMIN" },
      { email: MEMBER, role: "MEMBER" },
    ]);
    for (const account of accounts) {
      expect(await verifyPassword(account.passwordHash!, DEMO_PASSWORD)).toBe(true);
      expect(await verifyPassword(account.passwordHash!, "not-the-demo-password")).toBe(false);
    }

    const second = await seed(prisma, { nodeEnv: "development" });
    expect(second).toEqual({ created: [], unchanged: [ADMIN, MEMBER, ADMIN2] });
    expect(await demoAccounts()).toEqual(accounts);
  });

  it("refuses to run in production and creates no account", async () => {
    const db = await createTestDatabase();
    const client = createPrismaClient(db.url, { max: 1 });
    try {
      await expect(seed(client, { nodeEnv: "production" })).rejects.toThrow(/production/);
      expect(await client.user.count()).toBe(0);
    } finally {
      await client.$disconnect();
      await db.drop();
    }
  });
});
