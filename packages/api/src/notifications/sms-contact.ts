// notifications.sms|setPhoneNumber|removePhoneNumber: the member's own number for text messages.
// Keyed by the member's id (never an id from the input), so another member's number cannot be
// named, read or changed. The number is personal data: it is never logged, and only its last
// digits appear in what the job logs.
import { z } from "zod";
import type { MemberContext } from "../context.ts";
import { fieldError } from "../trpc.ts";
import { isSmsConfigured } from "./sms.ts";

export const PHONE_NUMBER_MESSAGE = "Enter your number with its country code, like +14155550123";

// E.164: a plus, a country code that does not start with 0, at most 15 digits in all. Spaces,
// dashes, dots and brackets people type between groups are dropped first.
const E164 = /^\+[1-9]\d{6,14}$/;

/** A phone number in E.164 ("+14155550123"), from what a member typed ("+1 (415) 555-0123"). */
export const PhoneNumberSchema = z
  .string(PHONE_NUMBER_MESSAGE)
  .max(40, PHONE_NUMBER_MESSAGE)
  .transform((value) => value.replace(/[\s().-]/g, ""))
  .pipe(z.string().regex(E164, PHONE_NUMBER_MESSAGE));

/** notifications.setPhoneNumber's input. */
export const SetPhoneNumberInputSchema = z.strictObject({ phoneNumber: PhoneNumberSchema });
export type SetPhoneNumberInput = z.infer<typeof SetPhoneNumberInputSchema>;

export interface SmsView {
  /** False when this installation cannot send texts (the settings page hides the card). */
  isAvailable: boolean;
  phoneNumber: string | null;
}

/** Whether texts can be sent here, and the member's own number (or null). */
export async function getSms(ctx: MemberContext): Promise<SmsView> {
  const row = await ctx.prisma.notificationContact.findUnique({
    where: { userId: ctx.user.id },
    select: { phoneNumber: true },
  });
  return { isAvailable: isSmsConfigured(), phoneNumber: row?.phoneNumber ?? null };
}

/** Saves the member's number (already checked by the input schema); refused while SMS is not configured. */
export async function setPhoneNumber(ctx: MemberContext, input: SetPhoneNumberInput): Promise<SmsView> {
  if (!isSmsConfigured()) throw fieldError("phoneNumber", "Text messages are not available here.");
  const row = await ctx.prisma.notificationContact.upsert({
    where: { userId: ctx.user.id },
    create: { userId: ctx.user.id, phoneNumber: input.phoneNumber },
    update: { phoneNumber: input.phoneNumber },
    select: { phoneNumber: true },
  });
  ctx.logger.info({ component: "sms", userId: ctx.user.id }, "phone number saved");
  return { isAvailable: true, phoneNumber: row.phoneNumber };
}

/** Forgets the member's number; texts still queued for them find none and are skipped. */
export async function removePhoneNumber(ctx: MemberContext): Promise<{ removed: boolean }> {
  const { count } = await ctx.prisma.notificationContact.updateMany({
    where: { userId: ctx.user.id, phoneNumber: { not: null } },
    data: { phoneNumber: null },
  });
  return { removed: count > 0 };
}
