// Which channels carry each kind of notification for a member. In-app is always on; email, webhook
// and text message follow the member's choice, or the kind's default while they have made none.
// Email goes one by one, or for the kinds that allow it, in a daily digest (digest.ts).
import type { NotificationKind, Prisma, PrismaClient } from "@tradecraft/db";
import { z } from "zod";

export const NOTIFICATION_KINDS = ["PRICE_ALERT", "WEBHOOK_DISABLED"] as const satisfies readonly NotificationKind[];

export interface Channels {
  email: boolean;
  webhook: boolean;
  /** A text message (sent only while SMS is configured and the member has a number). */
  sms: boolean;
  /** With email: wait for the daily digest instead of one email each (digest kinds only). */
  emailDigest: boolean;
}

/** A kind's channels until the member chooses: alerts by email, one each (what they asked to be told). */
export const DEFAULT_CHANNELS: Readonly<Record<NotificationKind, Channels>> = {
  PRICE_ALERT: { email: true, webhook: false, sms: false, emailDigest: false },
  // Said by email too: the webhook that would have carried it is the thing that broke.
  WEBHOOK_DISABLED: { email: true, webhook: false, sms: false, emailDigest: false },
};

/**
 * Kinds a member may take in the daily digest. A broken webhook is urgent (every notification
 * after it is lost until it is fixed), so it always goes at once.
 */
export const DIGEST_KINDS = ["PRICE_ALERT"] as const satisfies readonly NotificationKind[];

/** True when this kind's emails may wait for the digest. */
export const canDigest = (kind: NotificationKind) => (DIGEST_KINDS as readonly NotificationKind[]).includes(kind);

const CHANNEL_SELECT = { email: true, webhook: true, sms: true, emailDigest: true } as const;

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
    select: { kind: true, ...CHANNEL_SELECT },
  });
  const result = { ...DEFAULT_CHANNELS };
  for (const { kind, ...channels } of rows) result[kind] = channels;
  return result;
}

/** The member's channels for one kind. */
export async function channelsFor(db: Db, userId: string, kind: NotificationKind): Promise<Channels> {
  const row = await db.notificationPreference.findUnique({
    where: { userId_kind: { userId, kind } },
    select: CHANNEL_SELECT,
  });
  return row ?? { ...DEFAULT_CHANNELS[kind] };
}

// A form sends "on" for a checked box and nothing for an unchecked one; code sends booleans.
const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

const KindChoiceSchema = z.strictObject({
  email: checkbox,
  webhook: checkbox,
  // Optional for callers that predate them: left out, they are off.
  sms: checkbox.default(false),
  /** "digest" (or true) for the daily digest; anything else is one email each. */
  emailDigest: z.preprocess((v) => v === true || v === "digest" || v === "on", z.boolean()).default(false),
});

/** notifications.setPreferences: every kind's channels (a missing box is off, a missing digest choice is "each one"). */
export const PreferencesInputSchema = z.strictObject({
  kinds: z.strictObject(
    Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, KindChoiceSchema.optional()])) as Record<
      NotificationKind,
      z.ZodOptional<typeof KindChoiceSchema>
    >,
  ),
});
export type PreferencesInput = z.infer<typeof PreferencesInputSchema>;

/** Stores the member's choices for the kinds given (others keep theirs). */
export async function setPreferences(db: PrismaClient, userId: string, input: PreferencesInput) {
  const entries = Object.entries(input.kinds).filter(([, v]) => v) as [NotificationKind, Channels][];
  await db.$transaction(
    entries.map(([kind, choice]) => {
      // An urgent kind never waits for the digest, whatever the form sent.
      const channels = { ...choice, emailDigest: choice.emailDigest && canDigest(kind) };
      return db.notificationPreference.upsert({
        where: { userId_kind: { userId, kind } },
        create: { userId, kind, ...channels },
        update: channels,
        select: { userId: true },
      });
    }),
  );
  return channelsByKind(db, userId);
}
