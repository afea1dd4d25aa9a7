// notifications.webhook|setWebhook|rotateWebhookSecret|removeWebhook|testWebhook: the member's own
// webhook endpoint (one per member, keyed by their id, so no id is ever taken from the input and
// another member's endpoint cannot be named). The signing secret is shown whole only in the answer
// that created it; afterwards only its last four characters, enough to tell which one is in use.
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { safeText } from "../validation/text.ts";
import type { MemberContext } from "../context.ts";
import { fieldError } from "../trpc.ts";
import { checkWebhookTarget, createWebhookUrlSchema, deliverWebhook, newWebhookSecret } from "./webhook/index.ts";
import { WEBHOOK_TIMEOUT_MS, webhookPolicy, type WebhookPolicy } from "./webhook-policy.ts";

/** notifications.setWebhook's input; the address's rules are checked after, with the process's policy. */
export const SetWebhookInputSchema = z.strictObject({
  url: safeText().max(4096, "Keep the address under 2,048 characters"),
});
export type SetWebhookInput = z.infer<typeof SetWebhookInputSchema>;

export interface WebhookView {
  url: string;
  /** The secret's last 4 characters. */
  secretHint: string;
  failures: number;
  disabledAt: Date | null;
  lastError: string | null;
}

const NO_WEBHOOK = "You have no webhook; add one first.";

const hintOf = (secret: string) => secret.slice(-4);

/** The member's webhook without its secret (only a hint of it), or null when they have none. */
export async function getWebhook(ctx: MemberContext): Promise<WebhookView | null> {
  const row = await ctx.prisma.webhookEndpoint.findUnique({
    where: { userId: ctx.user.id },
    select: { url: true, secret: true, failures: true, disabledAt: true, lastError: true },
  });
  if (!row) return null;
  const { secret, ...rest } = row;
  return { ...rest, secretHint: hintOf(secret) };
}

/**
 * Saves the member's webhook address and turns it on (failures forgotten). A new secret is made
 * only for a new endpoint, so changing the address does not break a receiver's verification.
 * Returns the whole secret: the one answer that shows it.
 */
export async function setWebhook(
  ctx: MemberContext,
  input: SetWebhookInput,
  policy: WebhookPolicy = webhookPolicy(),
): Promise<{ url: string; secret: string }> {
  const parsed = createWebhookUrlSchema({ allowHttp: policy.allowHttp }).safeParse(input.url);
  if (!parsed.success) throw fieldError("url", parsed.error.issues[0]?.message ?? "Enter a valid address");
  const url = parsed.data;
  const target = await checkWebhookTarget(url, { allowPrivate: policy.allowPrivate });
  if (!target.ok) throw fieldError("url", target.message);

  const row = await ctx.prisma.webhookEndpoint.upsert({
    where: { userId: ctx.user.id },
    create: { userId: ctx.user.id, url, secret: newWebhookSecret() },
    update: { url, failures: 0, disabledAt: null, lastError: null },
    select: { url: true, secret: true },
  });
  ctx.logger.info({ component: "webhook", userId: ctx.user.id }, "webhook saved");
  return row;
}

/** Replaces the member's signing secret and returns the new one, whole (shown once). */
export async function rotateWebhookSecret(ctx: MemberContext): Promise<{ secret: string; secretHint: string }> {
  const secret = newWebhookSecret();
  const { count } = await ctx.prisma.webhookEndpoint.updateMany({ where: { userId: ctx.user.id }, data: { secret } });
  if (!count) throw new TRPCError({ code: "NOT_FOUND", message: NO_WEBHOOK });
  ctx.logger.info({ component: "webhook", userId: ctx.user.id }, "webhook secret rotated");
  return { secret, secretHint: hintOf(secret) };
}

/** Deletes the member's webhook; deliveries still queued for it find nothing and stop. */
export async function removeWebhook(ctx: MemberContext): Promise<{ removed: boolean }> {
  const { count } = await ctx.prisma.webhookEndpoint.deleteMany({ where: { userId: ctx.user.id } });
  return { removed: count > 0 };
}

/**
 * Sends a signed test payload to the member's webhook now and reports what the receiver said.
 * Works on a turned-off webhook too (that is when a member wants to check a fix), and never
 * changes its failure count: a test is not a notification.
 */
export async function testWebhook(
  ctx: MemberContext,
  policy: WebhookPolicy = webhookPolicy(),
): Promise<{ ok: boolean; status: number | null; error: string | null }> {
  const endpoint = await ctx.prisma.webhookEndpoint.findUnique({
    where: { userId: ctx.user.id },
    select: { url: true, secret: true },
  });
  if (!endpoint) throw new TRPCError({ code: "NOT_FOUND", message: NO_WEBHOOK });
  const result = await deliverWebhook({
    url: endpoint.url,
    secret: endpoint.secret,
    payload: { type: "test", id: `test_${randomUUID()}`, createdAt: new Date().toISOString() },
    timeoutMs: WEBHOOK_TIMEOUT_MS,
    ...policy,
  });
  ctx.logger.info(
    { component: "webhook", userId: ctx.user.id, status: result.status, ok: result.ok, deliveryId: result.deliveryId },
    "webhook test sent",
  );
  return { ok: result.ok, status: result.status, error: result.error ?? null };
}
