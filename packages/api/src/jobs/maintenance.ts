import type { PrismaClient } from "@tradecraft/db";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Daily housekeeping: deletes sessions that expired, mailed tokens a week past their expiry,
 * settled outbox messages older than 90 days, and failed sign-in counts untouched for a day
 * (locks last 15 minutes, so none is lifted early; a count older than a day starts again).
 */
export async function runMaintenance(prisma: PrismaClient, now = new Date()) {
  const [sessions, tokens, emails, throttles] = await prisma.$transaction([
    prisma.session.deleteMany({ where: { expiresAt: { lt: now } } }),
    prisma.userToken.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 7 * DAY_MS) } } }),
    prisma.emailMessage.deleteMany({
      where: { status: { not: "QUEUED" }, createdAt: { lt: new Date(now.getTime() - 90 * DAY_MS) } },
    }),
    prisma.signInThrottle.deleteMany({ where: { updatedAt: { lt: new Date(now.getTime() - DAY_MS) } } }),
  ]);
  return {
    expiredSessions: sessions.count,
    oldTokens: tokens.count,
    oldEmails: emails.count,
    oldSignInCounts: throttles.count,
  };
}
