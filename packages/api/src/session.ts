import type { AppName } from "@tradecraft/config";
import type { PrismaClient, Role, Tier } from "@tradecraft/db";

/** The signed-in user as procedures see it. */
export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  tier: Tier;
}

/**
 * Resolves the request's session cookie to a user. Sessions arrive with the accounts step
 * (issue "Step 2"); until then nobody is signed in.
 */
export async function getSessionUser(_opts: {
  headers: Headers;
  app: AppName;
  prisma: PrismaClient;
}): Promise<SessionUser | null> {
  return null;
}
