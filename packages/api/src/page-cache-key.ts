import {
  isWellFormedToken,
  readSessionToken,
  type SessionAppName,
  sessionIdFromToken,
  sessionRefresh,
} from "@tradecraft/auth";
import { getPrisma, type PrismaClient } from "@tradecraft/db";
import { APP_ENUM } from "./auth/session.service.ts";

/**
 * Who is asking and how far their data has come, for the rendered-page cache: `member:version`
 * when the request's session is valid and needs nothing written (no renewal, no last-seen
 * update), else null and the page renders as usual (which also does that write, or redirects
 * to sign-in). One indexed read: the session joined to the member's page version, which the
 * database's triggers bump in the same transaction as any change to the member's user row,
 * profile, accounts, setups or trades.
 */
export async function memberPageKey(
  app: SessionAppName,
  cookieHeader: string | null,
  { prisma = getPrisma(), now = new Date() }: { prisma?: PrismaClient; now?: Date } = {},
): Promise<string | null> {
  const token = readSessionToken(app, cookieHeader);
  if (!token || !isWellFormedToken(token)) return null;
  const rows = await prisma.$queryRaw<
    { app: string; expiresAt: Date; lastSeenAt: Date; userId: string; version: bigint }[]
  >`
    SELECT s."app"::text AS "app", s."expiresAt", s."lastSeenAt", s."userId", v."version"
    FROM "Session" s JOIN "MemberPageVersion" v ON v."userId" = s."userId"
    WHERE s."id" = ${sessionIdFromToken(token)}`;
  const session = rows[0];
  if (!session || session.app !== APP_ENUM[app] || session.expiresAt.getTime() <= now.getTime()) return null;
  const refresh = sessionRefresh(app, session, now);
  if (refresh.expiresAt || refresh.lastSeenAt) return null;
  return `${session.userId}:${session.version}`;
}

/**
 * True when the cookie header carries an unexpired session of `app` (one indexed read, nothing
 * written): decided before an upload's body is read, so strangers are refused without buffering.
 */
export async function hasValidSession(
  app: SessionAppName,
  cookieHeader: string | null,
  { prisma = getPrisma(), now = new Date() }: { prisma?: PrismaClient; now?: Date } = {},
): Promise<boolean> {
  const token = readSessionToken(app, cookieHeader);
  if (!token || !isWellFormedToken(token)) return false;
  const session = await prisma.session.findUnique({
    where: { id: sessionIdFromToken(token) },
    select: { app: true, expiresAt: true },
  });
  return Boolean(session && session.app === APP_ENUM[app] && session.expiresAt.getTime() > now.getTime());
}
