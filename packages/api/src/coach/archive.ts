// The daily archival of coach conversations: expired ones are archived, and the messages of every
// archived conversation (expired or deleted by the member) leave the live table for the archive.
import type { Logger } from "@tradecraft/config";
import type { PrismaClient } from "@tradecraft/db";

/**
 * Archives conversations whose expiresAt has passed and moves the messages of all archived
 * conversations to ArchivedConversationMessage, in one transaction (a message is in exactly one
 * table at any time). Returns and logs the counts.
 */
export async function archiveExpiredConversations(prisma: PrismaClient, logger: Logger, now = new Date()) {
  const [archived, moved] = await prisma.$transaction([
    prisma.$executeRaw`
      UPDATE "Conversation" SET "archivedAt" = ${now}, "updatedAt" = ${now}
      WHERE "archivedAt" IS NULL AND "expiresAt" < ${now}`,
    prisma.$executeRaw`
      INSERT INTO "ArchivedConversationMessage"
        ("id", "conversationId", "userId", "role", "content", "mode", "imageKey", "model", "promptTokens", "completionTokens", "toolCalls", "createdAt", "archivedAt")
      SELECT m."id", m."conversationId", c."userId", m."role", m."content", m."mode", m."imageKey", m."model", m."promptTokens",
             m."completionTokens", m."toolCalls", m."createdAt", ${now}
      FROM "ConversationMessage" m JOIN "Conversation" c ON c."id" = m."conversationId"
      WHERE c."archivedAt" IS NOT NULL
      ON CONFLICT ("id") DO NOTHING`,
    prisma.$executeRaw`
      DELETE FROM "ConversationMessage" m USING "Conversation" c
      WHERE c."id" = m."conversationId" AND c."archivedAt" IS NOT NULL`,
  ]);
  const result = { archivedConversations: archived, movedMessages: moved };
  logger.info({ event: "coach_archive", ...result }, "coach conversations archived");
  return result;
}
