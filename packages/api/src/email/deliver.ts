import type { Logger } from "@tradecraft/config";
import type { PrismaClient } from "@tradecraft/db";
import nodemailer, { type Transporter, type TransportOptions } from "nodemailer";

export const NO_SMTP = "not sent (no SMTP configured)";

export interface DeliveryConfig {
  /** smtp:// or smtps:// URL; unset keeps messages in the outbox unsent. */
  smtpUrl?: string;
  from: string;
  /** In development, an unsent message's links are logged so sign-up and reset still work locally. */
  logLinks: boolean;
  logger: Logger;
}

export type DeliveryOutcome = "sent" | "not-sent" | "already-done" | "missing";

const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: 2,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    } as TransportOptions);
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/** Closes pooled SMTP connections (shutdown, tests). */
export function closeEmailTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}

/** A delivery error in one line, without credentials. */
export function describeDeliveryError(error: unknown): string {
  const e = error as { message?: string; responseCode?: number; code?: string };
  const message = (e?.message ?? String(error))
    .replace(/\/\/[^/@\s]+@/g, "//•••@")
    .replace(/\s+/g, " ")
    .trim();
  return `${e?.code ? `${e.code}: ` : ""}${message}`.slice(0, 500);
}

/**
 * Delivers one outbox message. Sent: bodies are cleared (they hold single-use links). Failed:
 * the error is recorded and thrown so the job is retried with backoff, or marked FAILED on the
 * last attempt. Safe to run twice: a message already settled is left alone.
 */
export async function deliverEmail(
  prisma: PrismaClient,
  messageId: string,
  { isFinalAttempt }: { isFinalAttempt: boolean },
  config: DeliveryConfig,
): Promise<DeliveryOutcome> {
  const message = await prisma.emailMessage.findUnique({ where: { id: messageId } });
  // The account (and its mail) may have been deleted since the message was queued.
  if (!message) return "missing";
  if (message.status !== "QUEUED") return "already-done";
  const log = config.logger.child({ messageId, template: message.template });

  if (!config.smtpUrl) {
    await prisma.emailMessage.update({
      where: { id: messageId },
      data: { status: "NOT_SENT", lastError: NO_SMTP },
      select: { id: true },
    });
    if (config.logLinks) {
      const links = message.textBody.match(/https?:\/\/\S+/g) ?? [];
      log.info(
        { event: "email.not_sent", to: message.toAddress, subject: message.subject, links },
        `email not sent (no SMTP configured): ${message.subject}`,
      );
    } else {
      log.warn({ event: "email.not_sent" }, "email not sent: no SMTP configured");
    }
    return "not-sent";
  }

  try {
    await transportFor(config.smtpUrl).sendMail({
      from: config.from,
      to: message.toAddress,
      subject: message.subject,
      text: message.textBody,
      html: message.htmlBody,
      headers: { "X-Tradecraft-Message-Id": message.id },
    });
  } catch (error) {
    const lastError = describeDeliveryError(error);
    await prisma.emailMessage.update({
      where: { id: messageId },
      data: { attempts: { increment: 1 }, lastError, status: isFinalAttempt ? "FAILED" : "QUEUED" },
      select: { id: true },
    });
    log.warn(
      { event: isFinalAttempt ? "email.failed" : "email.retry", error: lastError, attempt: message.attempts + 1 },
      "email delivery failed",
    );
    throw new Error(lastError);
  }
  await prisma.emailMessage.update({
    where: { id: messageId },
    data: {
      status: "SENT",
      sentAt: new Date(),
      attempts: { increment: 1 },
      lastError: null,
      textBody: "",
      htmlBody: "",
    },
    select: { id: true },
  });
  log.info({ event: "email.sent", attempt: message.attempts + 1 }, "email sent");
  return "sent";
}
