// alerts.list|create|update|delete|pause|resume|events: the member's price alerts, every id checked
// against its owner (another member's alert is "not found"). Any change moves the alert's
// version, so a checker holding what it read before cannot record a firing over it.
import type { Prisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import type { MemberContext } from "../context.ts";
import { requireKnownSymbol } from "../market/known-symbol.ts";
import { fieldError } from "../trpc.ts";
import { getUsageLimits } from "../usage/limits.ts";
import { type AlertCondition, AlertConditionSchema } from "./domain/conditions.ts";
import { AlertStateSchema, initialAlertState } from "./domain/frequency.ts";
import { describeCondition } from "./domain/message.ts";
import { FREQUENCY_FROM_DB } from "./checker.ts";
import type { AlertInput, UpdateAlertInput } from "./schemas.ts";

const FREQUENCY_TO_DB = {
  only_once: "ONLY_ONCE",
  once_per_minute: "ONCE_PER_MINUTE",
  once_per_day: "ONCE_PER_DAY",
} as const;

const ALERT = {
  id: true,
  symbol: true,
  condition: true,
  frequency: true,
  message: true,
  expiresAt: true,
  pausedAt: true,
  endedAt: true,
  state: true,
  lastFiredAt: true,
  fireCount: true,
  createdAt: true,
} as const satisfies Prisma.AlertSelect;
type AlertRow = Prisma.AlertGetPayload<{ select: typeof ALERT }>;

/** Where an alert stands, as the list shows it. */
export type AlertStatusLabel = "armed" | "paused" | "done" | "expired";

const notFound = () => new TRPCError({ code: "NOT_FOUND", message: "That alert was not found." });

/** A stored alert as members read it: its condition parsed and in words, and its status. */
export function presentAlert(row: AlertRow, now = Date.now()) {
  const condition = AlertConditionSchema.parse(row.condition);
  const state = AlertStateSchema.safeParse(row.state);
  const status: AlertStatusLabel =
    row.endedAt && state.success && state.data.disarmed
      ? "done"
      : row.endedAt || (row.expiresAt && row.expiresAt.getTime() <= now)
        ? "expired"
        : row.pausedAt
          ? "paused"
          : "armed";
  return {
    id: row.id,
    symbol: row.symbol,
    condition,
    conditionText: describeCondition(condition as AlertCondition),
    frequency: FREQUENCY_FROM_DB[row.frequency],
    message: row.message,
    expiresAt: row.expiresAt,
    status,
    lastFiredAt: row.lastFiredAt,
    fireCount: row.fireCount,
    createdAt: row.createdAt,
  };
}
export type PresentedAlert = ReturnType<typeof presentAlert>;

/** Alerts that count against the plan: not ended and not past their expiry (paused ones count). */
const activeWhere = (userId: string, now: Date): Prisma.AlertWhereInput => ({
  userId,
  endedAt: null,
  OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
});

/** Refuses one more active alert past the member's plan (inside the caller's transaction, member row locked). */
async function requireRoom(tx: Prisma.TransactionClient, ctx: MemberContext, except?: string) {
  await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${ctx.user.id} FOR UPDATE`;
  const limit = getUsageLimits().tiers[ctx.user.tier].activeAlerts;
  const where = activeWhere(ctx.user.id, new Date());
  const active = await tx.alert.count({ where: except ? { ...where, id: { not: except } } : where });
  if (active >= limit) {
    const plan = ctx.user.tier === "PRO" ? "Pro" : "Free";
    throw fieldError(
      "symbol",
      `The ${plan} plan keeps at most ${limit.toLocaleString("en-US")} active alerts. Delete one to add another.`,
    );
  }
}

async function memberTimeZone(ctx: MemberContext): Promise<string> {
  const profile = await ctx.prisma.profile.findUnique({ where: { userId: ctx.user.id }, select: { timeZone: true } });
  return profile?.timeZone ?? "UTC";
}

const definition = (input: AlertInput) => ({
  symbol: input.symbol,
  condition: input.condition as Prisma.InputJsonValue,
  frequency: FREQUENCY_TO_DB[input.frequency],
  message: input.message,
  expiresAt: input.expiresAt == null ? null : new Date(input.expiresAt),
});

/** The member's alerts (or those on one symbol), newest first. */
export async function listAlerts(ctx: MemberContext, input?: { symbol?: string }) {
  const rows = await ctx.prisma.alert.findMany({
    where: { userId: ctx.user.id, ...(input?.symbol ? { symbol: input.symbol } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 1_000,
    select: ALERT,
  });
  const now = Date.now();
  const limit = getUsageLimits().tiers[ctx.user.tier].activeAlerts;
  const alerts = rows.map((row) => presentAlert(row, now));
  const active = alerts.filter((a) => a.status === "armed" || a.status === "paused").length;
  return { alerts, active, limit };
}

/** A new armed alert on a symbol the market service knows, within the member's plan. */
export async function createAlert(ctx: MemberContext, input: AlertInput) {
  await requireKnownSymbol(ctx, input.symbol);
  const timeZone = await memberTimeZone(ctx);
  const row = await ctx.prisma.$transaction(async (tx) => {
    await requireRoom(tx, ctx);
    return tx.alert.create({
      data: {
        userId: ctx.user.id,
        ...definition(input),
        timeZone,
        state: initialAlertState() as unknown as Prisma.InputJsonValue,
      },
      select: ALERT,
    });
  });
  return presentAlert(row);
}

/** Changes one of the member's alerts and arms it afresh (its remembered prices start over). */
export async function updateAlert(ctx: MemberContext, { alertId, ...input }: UpdateAlertInput) {
  const existing = await ctx.prisma.alert.findFirst({
    where: { id: alertId, userId: ctx.user.id },
    select: { symbol: true },
  });
  if (!existing) throw notFound();
  if (existing.symbol !== input.symbol) await requireKnownSymbol(ctx, input.symbol);
  const row = await ctx.prisma.$transaction(async (tx) => {
    await requireRoom(tx, ctx, alertId);
    const { count } = await tx.alert.updateMany({
      where: { id: alertId, userId: ctx.user.id },
      data: {
        ...definition(input),
        state: initialAlertState() as unknown as Prisma.InputJsonValue,
        endedAt: null,
        version: { increment: 1 },
      },
    });
    if (!count) throw notFound();
    return tx.alert.findUniqueOrThrow({ where: { id: alertId }, select: ALERT });
  });
  return presentAlert(row);
}

/** Deletes one of the member's alerts with its history. */
export async function deleteAlert(ctx: MemberContext, alertId: string) {
  const { count } = await ctx.prisma.alert.deleteMany({ where: { id: alertId, userId: ctx.user.id } });
  if (!count) throw notFound();
  return { deleted: true as const };
}

/** Pauses (the checker skips it) or resumes one of the member's alerts. */
export async function setPaused(ctx: MemberContext, alertId: string, paused: boolean) {
  const { count } = await ctx.prisma.alert.updateMany({
    where: { id: alertId, userId: ctx.user.id },
    data: { pausedAt: paused ? new Date() : null, version: { increment: 1 } },
  });
  if (!count) throw notFound();
  return presentAlert(await ctx.prisma.alert.findUniqueOrThrow({ where: { id: alertId }, select: ALERT }));
}

const EVENTS_PAGE = 50;

/** The member's firings (of one alert, or all), newest first, 50 a page. */
export async function alertEvents(ctx: MemberContext, input?: { alertId?: string; cursor?: string | null }) {
  if (input?.alertId) {
    const owned = await ctx.prisma.alert.count({ where: { id: input.alertId, userId: ctx.user.id } });
    if (!owned) throw notFound();
  }
  const rows = await ctx.prisma.alertEvent.findMany({
    where: { userId: ctx.user.id, ...(input?.alertId ? { alertId: input.alertId } : {}) },
    orderBy: [{ firedAt: "desc" }, { id: "desc" }],
    take: EVENTS_PAGE + 1,
    ...(input?.cursor ? { cursor: { id: input.cursor, userId: ctx.user.id }, skip: 1 } : {}),
    select: { id: true, alertId: true, symbol: true, price: true, message: true, sampleAt: true, firedAt: true },
  });
  return {
    events: rows.slice(0, EVENTS_PAGE).map((e) => ({ ...e, price: e.price.toString() })),
    nextCursor: rows.length > EVENTS_PAGE ? rows[EVENTS_PAGE - 1]!.id : null,
  };
}
