import { getEnv } from "@tradecraft/config";
import { enqueueJob, type Prisma, QUEUES } from "@tradecraft/db";
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
  { userId, to, content }: { userId: string | null; to: string; content: EmailContent },
): Promise<string> {
  const message = await tx.emailMessage.create({
    data: { userId, toAddress: to, template: content.template, subject: content.subject, textBody: content.text, htmlBody: content.html },
    select: { id: true },
  });
  await enqueueJob(tx, QUEUES.emailDeliver.name, { messageId: message.id });
  return message.id;
}
