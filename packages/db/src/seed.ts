import { hashPassword, verifyPassword } from "@tradecraft/auth";
import type { PrismaClient } from "./client.ts";

/** The demo accounts (README "Demo accounts"); development only. */
export const SEED_ACCOUNTS = [
  { email: "admin@tradecraft.test", displayName: "Ada Admin", role: "ADMIN" },
  { email: "member@tradecraft.test", displayName: "Morgan Member", role: "MEMBER" },
  // A second admin: what one admin keeps to themselves (Studio images) can be tried from another.
  { email: "admin2@tradecraft.test", displayName: "Blake Admin", role: "ADMIN" },
] as const;

export const SEED_PASSWORD = "tradecraft-demo-password";

export interface SeedResult {
  created: string[];
  unchanged: string[];
}

/**
 * Creates the demo accounts if they are missing; running it again changes nothing.
 * Refuses in production, where an account with a published password would be a back door.
 */
export async function seed(
  prisma: PrismaClient,
  { nodeEnv = process.env.NODE_ENV }: { nodeEnv?: string } = {},
): Promise<SeedResult> {
  if (nodeEnv === "production") {
    throw new Error("Refusing to seed accounts with a known password in production");
  }
  const result: SeedResult = { created: [], unchanged: [] };
  for (const account of SEED_ACCOUNTS) {
    const existing = await prisma.user.findUnique({
      where: { email: account.email },
      select: { id: true, passwordHash: true },
    });
    if (existing?.passwordHash && (await verifyPassword(existing.passwordHash, SEED_PASSWORD))) {
      result.unchanged.push(account.email);
      continue;
    }
    const passwordHash = await hashPassword(SEED_PASSWORD);
    await prisma.user.upsert({
      where: { email: account.email },
      create: { ...account, passwordHash, emailVerifiedAt: new Date(), profile: { create: {} } },
      update: { passwordHash, role: account.role },
    });
    result.created.push(account.email);
  }
  return result;
}
