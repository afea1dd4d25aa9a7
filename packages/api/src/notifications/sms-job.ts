// The sms-deliver job: texts one notification to its member's phone. A failure that may pass
// (timeout, 5xx, 429) is thrown so pg-boss retries it with backoff; one that will not, or the last
// retry, is logged and dropped: the notification is still in the app (and by email if chosen).
// Logs carry the notification id and the number's last two digits, never the number or the text.
import type { Logger } from "@tradecraft/config";
import type { PrismaClient } from "@tradecraft/db";
import { sendSms, type SmsConfig, smsConfigFromEnv } from "./sms.ts";

/** Longest text we send: one notification's title and the start of its body. */
export const MAX_SMS_LENGTH = 300;

export type SmsJobOutcome = "sent" | "skipped" | "failed";

export interface SmsJobOptions {
  /** The job's last try: a failure now is final instead of being retried. */
  isFinalAttempt: boolean;
  logger: Logger;
  /** The provider; the process's SMS_* settings by default (tests pass the stub's). */
  config?: SmsConfig | null;
}

/** The text for a notification: its title, then as much of its body as fits in 300 characters. */
export function smsText(title: string, body: string): string {
  const text = body ? `${title}\n${body}` : title;
  return text.length <= MAX_SMS_LENGTH ? text : `${text.slice(0, MAX_SMS_LENGTH - 1).trimEnd()}…`;
}

/**
 * Texts one notification to its member's number. Throws only to ask for a retry (a failure that
 * may pass, before the last attempt).
 */
export async function deliverNotificationSms(
  prisma: PrismaClient,
  notificationId: string,
  { isFinalAttempt, logger, config = smsConfigFromEnv() }: SmsJobOptions,
): Promise<SmsJobOutcome> {
  const log = logger.child({ component: "sms", notificationId });
  const notification = await prisma.notification.findUnique({
    where: { id: notificationId },
    select: { userId: true, title: true, body: true },
  });
  const contact =
    notification &&
    (await prisma.notificationContact.findUnique({
      where: { userId: notification.userId },
      select: { phoneNumber: true },
    }));
  // The member (or their number) is gone since the job was queued, or SMS was turned off.
  if (!notification || !contact?.phoneNumber || !config) {
    log.info({ event: "sms.skipped", configured: Boolean(config) }, "text skipped: no number or no provider");
    return "skipped";
  }

  const result = await sendSms(config, {
    to: contact.phoneNumber,
    body: smsText(notification.title, notification.body),
  });
  const fields = { to: `…${contact.phoneNumber.slice(-2)}` };
  // Providers quote the number in some errors ("The 'To' number +1… is not valid").
  const error = result.ok ? "" : result.error.replaceAll(contact.phoneNumber, "[number]");
  if (result.ok) {
    log.info({ event: "sms.sent", ...fields, sid: result.sid, status: result.status }, "text sent");
    return "sent";
  }
  if (result.retryable && !isFinalAttempt) {
    log.warn({ event: "sms.retry", ...fields, httpStatus: result.httpStatus, error }, "text failed; will retry");
    throw new Error(`Text message failed (${error}); retrying`);
  }
  log.warn(
    { event: "sms.failed", ...fields, httpStatus: result.httpStatus, error, retryable: result.retryable },
    "text message failed",
  );
  return "failed";
}
