import { blankSessionCookie } from "@tradecraft/auth";
import type { SessionUser } from "../auth/session.service.ts";
import { recordAudit } from "../audit/record.ts";
import type { Context } from "../context.ts";
import { secureCookies } from "../session.ts";
import { describeUserAgent } from "./describe-session.ts";
import { deleteStoredFiles, screenshotKeysOf } from "../journal/screenshots.handler.ts";
import { studioKeysOf } from "../studio/studio.handler.ts";
import type { DeleteAccountInput } from "./data.schema.ts";
import { requireCurrentPassword } from "./reauth.ts";

type MemberContext = Context & { user: SessionUser };

/** Format version of the export, bumped when its shape changes. */
export const EXPORT_FORMAT = "tradecraft-export/1";

/**
 * Everything we hold about the member, as JSON: account, profile, sessions, the emails we sent
 * them, the audit events about them, their journal (accounts, setups, trades with fills, imports,
 * screenshot metadata, grades) and their coach conversations. Secrets (password hash, token and
 * session hashes) are left out.
 */
export async function exportData(ctx: MemberContext) {
  const userId = ctx.user.id;
  const [
    user,
    sessions,
    emails,
    events,
    accounts,
    setups,
    trades,
    imports,
    screenshots,
    grades,
    conversations,
    archivedMessages,
    strategies,
    futuresPointValues,
    proRequests,
  ] = await Promise.all([
    ctx.prisma.user.findUniqueOrThrow({
      where: { id: userId },
      select: {
        id: true,
        email: true,
        displayName: true,
        role: true,
        tier: true,
        emailVerifiedAt: true,
        createdAt: true,
        updatedAt: true,
        lastLoginAt: true,
        profile: { select: { bio: true, timeZone: true, coachStyle: true, updatedAt: true } },
      },
    }),
    ctx.prisma.session.findMany({
      where: { userId },
      select: { app: true, createdAt: true, lastSeenAt: true, expiresAt: true, userAgent: true, ip: true },
      orderBy: { createdAt: "asc" },
    }),
    ctx.prisma.emailMessage.findMany({
      where: { userId },
      select: { toAddress: true, template: true, subject: true, status: true, createdAt: true, sentAt: true },
      orderBy: { createdAt: "asc" },
    }),
    ctx.prisma.auditEvent.findMany({
      where: { OR: [{ subjectId: userId }, { actorId: userId }] },
      select: { action: true, ip: true, userAgent: true, metadata: true, createdAt: true },
      orderBy: { createdAt: "asc" },
      take: 10_000,
    }),
    ctx.prisma.brokerAccount.findMany({
      where: { userId },
      select: { id: true, name: true, broker: true, currency: true, startingBalance: true, createdAt: true },
    }),
    ctx.prisma.setup.findMany({ where: { userId }, select: { id: true, name: true, description: true } }),
    ctx.prisma.trade.findMany({
      where: { userId },
      orderBy: { entryAt: "asc" },
      include: { fills: { orderBy: { executedAt: "asc" } } },
    }),
    ctx.prisma.import.findMany({
      where: { userId },
      select: {
        id: true,
        accountId: true,
        broker: true,
        fileName: true,
        fillCount: true,
        tradeCount: true,
        createdAt: true,
        undoneAt: true,
      },
    }),
    // Metadata only; each image can be downloaded from its trade's page.
    ctx.prisma.tradeScreenshot.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        tradeId: true,
        fileName: true,
        caption: true,
        contentType: true,
        byteSize: true,
        width: true,
        height: true,
        createdAt: true,
      },
    }),
    ctx.prisma.tradeGrade.findMany({ where: { userId }, orderBy: { gradedAt: "asc" }, omit: { userId: true } }),
    ctx.prisma.conversation.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        title: true,
        createdAt: true,
        lastActivityAt: true,
        expiresAt: true,
        archivedAt: true,
        messages: { orderBy: { createdAt: "asc" }, omit: { conversationId: true } },
      },
    }),
    ctx.prisma.archivedConversationMessage.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      omit: { userId: true },
    }),
    // Option strategies: their legs are the trades whose strategyId names them.
    ctx.prisma.strategy.findMany({ where: { userId }, orderBy: { openedAt: "asc" }, omit: { userId: true } }),
    ctx.prisma.futuresPointValue.findMany({
      where: { userId },
      orderBy: { root: "asc" },
      select: { root: true, pointValue: true, updatedAt: true },
    }),
    // The member's requests for Pro and what became of them (not which admin decided).
    ctx.prisma.proRequest.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: { status: true, message: true, createdAt: true, decidedAt: true },
    }),
  ]);
  const { profile, ...account } = user;
  await recordAudit(ctx, "account.data.exported", { actorId: userId, subjectId: userId });
  return {
    format: EXPORT_FORMAT,
    exportedAt: new Date(),
    account,
    profile,
    sessions: sessions.map((s) => ({ ...s, device: describeUserAgent(s.userAgent) })),
    emails,
    activity: events,
    // Decimals serialise as exact strings.
    journal: { accounts, setups, trades, imports, screenshots, grades, strategies, futuresPointValues },
    // Messages of archived conversations are in `archivedMessages`, under their conversation's id.
    coach: { conversations, archivedMessages },
    plan: { proRequests },
  };
}

/**
 * Deletes the account and everything it owns (profile, sessions, tokens, emails, journal, coach
 * conversations and their archive, stored images), after checking the password. The audit log keeps its events with the personal
 * details (IP, user agent, metadata) removed, plus one "account.deleted" event.
 */
export async function deleteAccount(ctx: MemberContext, input: DeleteAccountInput): Promise<{ deleted: true }> {
  const user = await requireCurrentPassword(ctx, input.password, "password");
  const screenshotFiles = await screenshotKeysOf(ctx, {});
  const coachImages = await coachImageKeysOf(ctx);
  // An admin's Studio images and references go with their account (the rows by cascade).
  const studioFiles = await studioKeysOf(ctx);
  await ctx.prisma.$transaction(async (tx) => {
    await tx.user.delete({ where: { id: user.id }, select: { id: true } });
    // The archive keeps no foreign key (its rows outlive their conversations), so no cascade reaches it.
    await tx.archivedConversationMessage.deleteMany({ where: { userId: user.id } });
    await tx.auditEvent.updateMany({
      where: { subjectId: user.id },
      data: { ip: null, userAgent: null, metadata: {} },
    });
    // What they did to others (an admin's actions) stays on record, minus where they did it from.
    await tx.auditEvent.updateMany({ where: { actorId: user.id }, data: { ip: null, userAgent: null } });
    await tx.auditEvent.create({
      data: { action: "account.deleted", actorId: user.id, subjectId: user.id, requestId: ctx.requestId },
      select: { id: true },
    });
  });
  await deleteStoredFiles(ctx, [...screenshotFiles, ...coachImages, ...studioFiles]);
  ctx.responseHeaders.append("Set-Cookie", blankSessionCookie(ctx.app, { secure: secureCookies() }));
  ctx.logger.info({ event: "account.deleted", userId: user.id }, "account deleted");
  return { deleted: true };
}

/** Storage keys of every chart image the member attached to a coach message, live or archived. */
async function coachImageKeysOf(ctx: MemberContext): Promise<string[]> {
  const imageKey = { not: null };
  const [live, archived] = await Promise.all([
    ctx.prisma.conversationMessage.findMany({
      where: { conversation: { userId: ctx.user.id }, imageKey },
      select: { imageKey: true },
    }),
    ctx.prisma.archivedConversationMessage.findMany({
      where: { userId: ctx.user.id, imageKey },
      select: { imageKey: true },
    }),
  ]);
  return [...live, ...archived].flatMap((m) => (m.imageKey ? [m.imageKey] : []));
}
