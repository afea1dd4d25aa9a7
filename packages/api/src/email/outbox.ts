import { getEnv } from "@tradecraft/config";
import { randomUUID } from "node:crypto";
import { enqueueJobs, type Prisma, QUEUES } from "@tradecraft/db";
import type { EmailContent } from "./templates.ts";

/** An absolute link into the members' app (APP_URL), with query parameters. */
export function appLink(path: string, params: Record<string, string> = {}): string {
  const url = new URL(path, getEnv().APP_URL);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

/**
 * Puts a message in the outbox and queues its delivery, inside the caller's transaction: if the
 * change that causes the email rolls back, there is no email either.
 */
export async function queueEmail(
  tx: Prisma.TransactionClient,
  email: { userId: string | null; to: string; content: EmailContent },
): Promise<string> {
  const [id] = await queueEmails(tx, [email]);
  return id!;
}

/** Puts many messages in the outbox and queues their deliveries in two statements, inside the caller's transaction. */
export async function queueEmails(
  tx: Prisma.TransactionClient,
  emails: { userId: string | null; to: string; content: EmailContent }[],
): Promise<string[]> {
  if (!emails.length) return [];
  const rows = emails.map(({ userId, to, content }) => ({
    id: randomUUID(),
    userId,
    toAddress: to,
    template: content.template,
    subject: content.subject,
    textBody: content.text,
    htmlBody: content.html,
  }));
  await tx.emailMessage.createMany({ data: rows });
  await enqueueJobs(
    tx,
    QUEUES.emailDeliver.name,
    rows.map((r) => ({ messageId: r.id })),
  );
  return rows.map((r) => r.id);
}
