// The daily email digest. A member who chose "daily digest" for a kind gets no email per
// notification of it (notify.ts skips it); instead, once a day at 8 am in their time zone (or the
// first hourly run after, if the workers were down), one email lists their unread notifications
// of those kinds since the previous digest. The hourly `notification-digest` job calls this.
//
// Each member is claimed by moving NotificationContact.lastDigestAt from the value we read to
// `now` in the transaction that queues the email: two runs at once (or a retried job) send one
// digest. A day with nothing unread moves the cut-off too, so the next digest starts from there.
import type { Logger } from "@tradecraft/config";
import type { NotificationKind, PrismaClient } from "@tradecraft/db";
import { appLink, queueEmail } from "../email/outbox.ts";
import { notificationDigestEmail } from "../email/templates.ts";
import { localTime } from "../journal/domain/time-zone.ts";
import { DIGEST_KINDS } from "./preferences.ts";

/** The local hour from which a member's digest is due each day. */
export const DIGEST_HOUR = 8;
/** The most notifications one digest lists; the rest are counted ("and 12 more"). */
export const DIGEST_MAX_ITEMS = 30;
/** How far back a member's first digest looks. */
const FIRST_DIGEST_LOOKBACK_MS = 24 * 60 * 60 * 1000;
const MEMBERS_PER_PAGE = 500;

export interface DigestRunResult {
  /** Members with a digest kind on. */
  members: number;
  /** Digests emailed. */
  sent: number;
}

/** True when a member in `timeZone` whose last digest went at `last` is due one at `now`. */
export function isDigestDue(now: Date, last: Date | null, timeZone: string): boolean {
  const today = localTime(now, timeZone);
  if (today.hour < DIGEST_HOUR) return false;
  return !last || localTime(last, timeZone).day !== today.day;
}

/** Emails every member whose digest is due at `now` (default: the current time); safe to run concurrently. */
export async function runNotificationDigest(
  prisma: PrismaClient,
  { now = new Date(), logger }: { now?: Date; logger: Logger },
): Promise<DigestRunResult> {
  const log = logger.child({ component: "digest" });
  const result: DigestRunResult = { members: 0, sent: 0 };
  for (let after: string | undefined; ;) {
    const rows = await prisma.notificationPreference.findMany({
      where: {
        email: true,
        emailDigest: true,
        kind: { in: [...DIGEST_KINDS] },
        ...(after && { userId: { gt: after } }),
      },
      select: { userId: true, kind: true },
      orderBy: { userId: "asc" },
      take: MEMBERS_PER_PAGE,
    });
    if (rows.length === 0) break;
    const kindsByMember = new Map<string, NotificationKind[]>();
    for (const { userId, kind } of rows) kindsByMember.set(userId, [...(kindsByMember.get(userId) ?? []), kind]);
    // A page may end inside a member's rows; the last member is taken whole on the next page.
    const full = rows.length === MEMBERS_PER_PAGE;
    const last = rows.at(-1)!.userId;
    if (full && kindsByMember.size > 1) kindsByMember.delete(last);
    for (const [userId, kinds] of kindsByMember) {
      result.members += 1;
      try {
        if (await digestMember(prisma, userId, kinds, now)) result.sent += 1;
      } catch (error) {
        // One member's failure (a deleted account mid-run) must not stop everyone else's digest.
        log.error({ err: error, userId }, "digest failed for a member");
      }
      after = userId;
    }
    if (!full) break;
  }
  log.info({ event: "digest.run", ...result }, "notification digests done");
  return result;
}

// One member's digest, if due: true when an email was queued.
async function digestMember(prisma: PrismaClient, userId: string, kinds: NotificationKind[], now: Date) {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: {
      email: true,
      displayName: true,
      profile: { select: { timeZone: true } },
      notificationContact: { select: { lastDigestAt: true } },
    },
  });
  if (!user) return false;
  const lastDigestAt = user.notificationContact?.lastDigestAt ?? null;
  if (!isDigestDue(now, lastDigestAt, user.profile?.timeZone ?? "UTC")) return false;

  return prisma.$transaction(async (tx) => {
    await tx.notificationContact.upsert({
      where: { userId },
      create: { userId },
      update: {},
      select: { userId: true },
    });
    const { count: claimed } = await tx.notificationContact.updateMany({
      where: { userId, lastDigestAt },
      data: { lastDigestAt: now },
    });
    if (!claimed) return false; // another run took this member's digest
    const since = lastDigestAt ?? new Date(now.getTime() - FIRST_DIGEST_LOOKBACK_MS);
    const where = { userId, kind: { in: kinds }, readAt: null, createdAt: { gt: since, lte: now } };
    const [items, total] = await Promise.all([
      tx.notification.findMany({
        where,
        select: { title: true, body: true, createdAt: true },
        orderBy: { createdAt: "desc" },
        take: DIGEST_MAX_ITEMS,
      }),
      tx.notification.count({ where }),
    ]);
    if (total === 0) return false;
    await queueEmail(tx, {
      userId,
      to: user.email,
      content: notificationDigestEmail({
        name: user.displayName,
        items,
        more: total - items.length,
        link: appLink("/app/notifications"),
        settingsLink: appLink("/app/settings/notifications"),
      }),
    });
    return true;
  });
}
