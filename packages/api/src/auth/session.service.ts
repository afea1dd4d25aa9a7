import {
  generateSessionToken,
  isWellFormedToken,
  SESSION_POLICY,
  type SessionAppName,
  sessionIdFromToken,
  sessionRefresh,
} from "@tradecraft/auth";
import type { PrismaClient, Role, Tier } from "@tradecraft/db";

/** The Session.app value of each app. */
export const APP_ENUM = { web: "WEB", admin: "ADMIN" } as const;

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  tier: Tier;
}

export interface ValidSession {
  id: string;
  expiresAt: Date;
  /** True when this request moved the expiry forward (the cookie must be sent again). */
  renewed: boolean;
  user: SessionUser;
}

/** Starts a session for `userId` in `app`; returns the token for the cookie (never stored). */
export async function createSession(
  prisma: PrismaClient,
  {
    userId,
    app,
    userAgent,
    ip,
    now = new Date(),
  }: { userId: string; app: SessionAppName; userAgent?: string | null; ip?: string | null; now?: Date },
): Promise<{ token: string; id: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const id = sessionIdFromToken(token);
  const expiresAt = new Date(now.getTime() + SESSION_POLICY[app].lifetimeMs);
  await prisma.session.create({
    data: {
      id,
      userId,
      app: APP_ENUM[app],
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      userAgent: userAgent?.slice(0, 512) ?? null,
      ip: ip?.slice(0, 64) ?? null,
    },
    select: { id: true },
  });
  return { token, id, expiresAt };
}

/**
 * The session and user behind a cookie token, or null when it is unknown, belongs to the other
 * app, or has expired (an expired session is deleted). Slides web sessions forward.
 */
export async function validateSessionToken(
  prisma: PrismaClient,
  app: SessionAppName,
  token: string,
  now = new Date(),
): Promise<ValidSession | null> {
  if (!isWellFormedToken(token)) return null;
  const id = sessionIdFromToken(token);
  const session = await prisma.session.findUnique({
    where: { id },
    select: {
      id: true,
      app: true,
      expiresAt: true,
      lastSeenAt: true,
      user: { select: { id: true, email: true, displayName: true, role: true, tier: true } },
    },
  });
  if (!session || session.app !== APP_ENUM[app]) return null;
  if (session.expiresAt.getTime() <= now.getTime()) {
    await prisma.session.deleteMany({ where: { id } });
    return null;
  }
  const update = sessionRefresh(app, session, now);
  if (update.expiresAt || update.lastSeenAt) {
    await prisma.session.update({ where: { id }, data: update, select: { id: true } });
  }
  return { id, expiresAt: update.expiresAt ?? session.expiresAt, renewed: !!update.expiresAt, user: session.user };
}

/** Ends one session. */
export async function invalidateSession(prisma: PrismaClient, sessionId: string): Promise<void> {
  await prisma.session.deleteMany({ where: { id: sessionId } });
}

/** Ends every session of a user, except `keep` when given; returns how many ended. */
export async function invalidateUserSessions(prisma: PrismaClient, userId: string, { keep }: { keep?: string } = {}) {
  const { count } = await prisma.session.deleteMany({ where: { userId, ...(keep ? { id: { not: keep } } : {}) } });
  return count;
}
