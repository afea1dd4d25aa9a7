// Which channels carry each kind of notification for a member. In-app is always on; email and
// webhook follow the member's choice, or the kind's default while they have made none.
import type { NotificationKind, Prisma, PrismaClient } from "@tradecraft/db";
import { z } from "zod";

export const NOTIFICATION_KINDS = ["PRICE_ALERT", "WEBHOOK_DISABLED"] as const satisfies readonly NotificationKind[];

export interface Channels {
  email: boolean;
  webhook: boolean;
}

/** A kind's channels until the member chooses: alerts by email (what they asked to be told), no webhook. */
export const DEFAULT_CHANNELS: Readonly<Record<NotificationKind, Channels>> = {
  PRICE_ALERT: { email: true, webhook: false },
  // Said by email too: the webhook that would have carried it is the thing that broke.
  WEBHOOK_DISABLED: { email: true, webhook: false },
};

/** What each kind is called on the settings page. */
export const KIND_LABELS: Readonly<Record<NotificationKind, string>> = {
  PRICE_ALERT: "Price alerts",
  WEBHOOK_DISABLED: "Webhook problems",
};

type Db = PrismaClient | Prisma.TransactionClient;

/** The member's channels for every kind, defaults filled in. */
export async function channelsByKind(db: Db, userId: string): Promise<Record<NotificationKind, Channels>> {
  const rows = await db.notificationPreference.findMany({
    where: { userId },
    select: { kind: true, email: true, webhook: true },
  });
  const result = { ...DEFAULT_CHANNELS };
  for (const row of rows) result[row.kind] = { email: row.email, webhook: row.webhook };
  return result;
}

/** The member's channels for one kind. */
export async function channelsFor(db: Db, userId: string, kind: NotificationKind): Promise<Channels> {
  const row = await db.notificationPreference.findUnique({
    where: { userId_kind: { userId, kind } },
    select: { email: true, webhook: true },
  });
  return row ?? { ...DEFAULT_CHANNELS[kind] };
}

// A form sends "on" for a checked box and nothing for an unchecked one; code sends booleans.
const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

/** notifications.setPreferences: every kind's email and webhook choice (a missing box is off). */
export const PreferencesInputSchema = z.strictObject({
  kinds: z.strictObject(
    Object.fromEntries(
      NOTIFICATION_KINDS.map((kind) => [kind, z.strictObject({ email: checkbox, webhook: checkbox }).optional()]),
    ) as Record<NotificationKind, z.ZodOptional<z.ZodObject<{ email: typeof checkbox; webhook: typeof checkbox }>>>,
  ),
});
export type PreferencesInput = z.infer<typeof PreferencesInputSchema>;

/** Stores the member's choices for the kinds given (others keep theirs). */
export async function setPreferences(db: PrismaClient, userId: string, input: PreferencesInput) {
  const entries = Object.entries(input.kinds).filter(([, v]) => v) as [NotificationKind, Channels][];
  await db.$transaction(
    entries.map(([kind, channels]) =>
      db.notificationPreference.upsert({
        where: { userId_kind: { userId, kind } },
        create: { userId, kind, ...channels },
        update: channels,
      }),
    ),
  );
  return channelsByKind(db, userId);
}
