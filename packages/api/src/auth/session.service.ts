import {
  generateSessionToken,
  isWellFormedToken,
  SESSION_POLICY,
  type SessionAppName,
  sessionIdFromToken,
  sessionRefresh,
} from "@tradecraft/auth";
import { type PrismaClient, Role, Tier } from "@tradecraft/db";
import { z } from "zod";

/** The Session.app value of each app. */
export const APP_ENUM = { web: "WEB", admin: "ADMIN" } as const;

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  tier: Tier;
  /**
   * What every member page shows around itself, read with the session in the same statement
   * (issue 16): as of the start of the request, so only reads may rely on it. Absent when a
   * context was built without a session read (tests' callers); then read it afresh.
   */
  frame?: SessionFrame;
}

export interface SessionFrame {
  emailVerified: boolean;
  timeZone: string;
  /** The member chose or kept their zone (the home page stops offering one). */
  timeZoneConfirmed: boolean;
  breakevenBand: number;
  unreadNotifications: number;
}

const SessionRowSchema = z.object({
  id: z.string(),
  app: z.enum(["WEB", "ADMIN"]),
  expiresAt: z.date(),
  lastSeenAt: z.date(),
  userId: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(Role),
  tier: z.enum(Tier),
  emailVerified: z.boolean(),
  timeZone: z.string(),
  timeZoneConfirmed: z.boolean(),
  breakevenBand: z.string(),
  unreadNotifications: z.number().int(),
});

/**
 * The session, its user and the user's frame facts in one statement (no query compiler on the
 * hottest read: every signed-in request makes it). The unread count uses (userId, readAt).
 */
async function readSession(prisma: PrismaClient, id: string) {
  const rows = await prisma.$queryRaw<unknown[]>`
    SELECT s."id", s."app"::text AS "app", s."expiresAt", s."lastSeenAt",
      u."id" AS "userId", u."email", u."displayName", u."role"::text AS "role", u."tier"::text AS "tier",
      u."emailVerifiedAt" IS NOT NULL AS "emailVerified",
      COALESCE(p."timeZone", 'UTC') AS "timeZone",
      p."timeZoneConfirmedAt" IS NOT NULL AS "timeZoneConfirmed", COALESCE(p."breakevenBand", 0)::text AS "breakevenBand",
      (SELECT count(*)::int FROM "Notification" n WHERE n."userId" = u."id" AND n."readAt" IS NULL) AS "unreadNotifications"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId" LEFT JOIN "Profile" p ON p."userId" = u."id"
    WHERE s."id" = ${id}`;
  return rows.length ? SessionRowSchema.parse(rows[0]) : null;
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
  const session = await readSession(prisma, id);
  if (!session || session.app !== APP_ENUM[app]) return null;
  if (session.expiresAt.getTime() <= now.getTime()) {
    await prisma.session.deleteMany({ where: { id } });
    return null;
  }
  const update = sessionRefresh(app, session, now);
  if (update.expiresAt || update.lastSeenAt) {
    await prisma.session.update({ where: { id }, data: update, select: { id: true } });
  }
  const user: SessionUser = {
    id: session.userId,
    email: session.email,
    displayName: session.displayName,
    role: session.role,
    tier: session.tier,
    frame: {
      emailVerified: session.emailVerified,
      timeZone: session.timeZone,
      timeZoneConfirmed: session.timeZoneConfirmed,
      breakevenBand: Number(session.breakevenBand),
      unreadNotifications: session.unreadNotifications,
    },
  };
  return { id, expiresAt: update.expiresAt ?? session.expiresAt, renewed: !!update.expiresAt, user };
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
