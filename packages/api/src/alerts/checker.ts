// The alert checker: on each ticker update it decides every armed alert on the updated symbols
// (domain/batch.ts) and records what changed. Any number of checkers may run it on the same
// update (several instances, a lease changing hands): every write is conditional on the alert's
// version as read, so exactly one of them records a firing, and its AlertEvent, notification,
// email and webhook are written in that same transaction or not at all.
import type { Logger } from "@tradecraft/config";
import { Prisma, type PrismaClient } from "@tradecraft/db";
import type { TickerMessage } from "../live/ticker-message.ts";
import { classifySymbol } from "../market/symbols.ts";
import { notify } from "../notifications/notify.ts";
import { type AlertOutcome, checkUpdate, indexAlerts, type StoredAlert } from "./domain/batch.ts";
import { AlertConditionSchema } from "./domain/conditions.ts";
import { AlertStateSchema } from "./domain/frequency.ts";
import { describeCondition, formatPrice, renderMessage } from "./domain/message.ts";
import { CRYPTO_SESSION, sessionStart, STOCK_SESSION } from "./domain/zone.ts";

const FREQUENCY = { ONLY_ONCE: "only_once", ONCE_PER_MINUTE: "once_per_minute", ONCE_PER_DAY: "once_per_day" } as const;

export interface CheckSummary {
  evaluated: number;
  fired: number;
  /** Firings another checker recorded first (or an alert changed meanwhile): not recorded twice. */
  lost: number;
  changed: number;
  retired: number;
}

interface Held {
  version: number;
  userId: string;
  message: string;
}

/** The session a symbol's "within the session" moves are measured in: New York's day for stocks, UTC's for crypto. */
export const sessionStartOf = (symbol: string, at: number) =>
  sessionStart(at, classifySymbol(symbol) === "crypto" ? CRYPTO_SESSION : STOCK_SESSION);

/** Armed alerts on `symbols` as the engine holds them, and what the checker needs to write them. */
async function loadArmed(prisma: PrismaClient, symbols: string[], logger: Logger) {
  const rows = await prisma.alert.findMany({
    where: { symbol: { in: symbols }, endedAt: null, pausedAt: null },
    select: {
      id: true,
      userId: true,
      symbol: true,
      condition: true,
      frequency: true,
      message: true,
      expiresAt: true,
      timeZone: true,
      state: true,
      version: true,
    },
  });
  const alerts: StoredAlert[] = [];
  const held = new Map<string, Held>();
  for (const row of rows) {
    const condition = AlertConditionSchema.safeParse(row.condition);
    const state = AlertStateSchema.safeParse(row.state);
    if (!condition.success || !state.success) {
      logger.warn({ component: "alerts", alertId: row.id }, "alert skipped: stored condition or state does not parse");
      continue;
    }
    alerts.push({
      id: row.id,
      definition: {
        symbol: row.symbol,
        condition: condition.data,
        frequency: FREQUENCY[row.frequency],
        expiresAt: row.expiresAt?.getTime() ?? null,
        timeZone: row.timeZone,
      },
      state: state.data,
    });
    held.set(row.id, { version: row.version, userId: row.userId, message: row.message });
  }
  return { alerts, held };
}

/** Writes changed states in one statement, each only if the alert is still at the version read. */
async function saveStates(prisma: PrismaClient, outcomes: AlertOutcome[], held: Map<string, Held>) {
  if (!outcomes.length) return;
  const ids = outcomes.map((o) => o.id);
  const versions = outcomes.map((o) => held.get(o.id)!.version);
  const states = outcomes.map((o) => JSON.stringify(o.decision.state));
  await prisma.$executeRaw`
    UPDATE "Alert" AS a SET "state" = v.state::jsonb, "version" = a."version" + 1
    FROM unnest(${ids}::text[], ${versions}::int[], ${states}::text[]) AS v(id, version, state)
    WHERE a."id" = v.id AND a."version" = v.version`;
}

/** Records one firing if this checker is first; false when another already did (or the alert changed). */
async function recordFiring(prisma: PrismaClient, outcome: AlertOutcome, held: Held, now: Date): Promise<boolean> {
  const { sample, decision } = outcome;
  try {
    return await prisma.$transaction(async (tx) => {
      const { count } = await tx.alert.updateMany({
        where: { id: outcome.id, version: held.version },
        data: {
          state: decision.state as unknown as Prisma.InputJsonValue,
          version: { increment: 1 },
          lastFiredAt: now,
          fireCount: { increment: 1 },
          ...(decision.state.disarmed ? { endedAt: now } : {}),
        },
      });
      if (!count) return false;
      const alert = await tx.alert.findUniqueOrThrow({ where: { id: outcome.id }, select: { condition: true } });
      const condition = AlertConditionSchema.parse(alert.condition);
      const text = renderMessage(held.message, { symbol: sample.symbol, price: sample.price, condition });
      await tx.alertEvent.create({
        data: {
          alertId: outcome.id,
          userId: held.userId,
          symbol: sample.symbol,
          price: new Prisma.Decimal(sample.price.toFixed(8)),
          message: text,
          sampleAt: new Date(sample.at),
          firedAt: now,
        },
      });
      await notify(tx, {
        userId: held.userId,
        kind: "PRICE_ALERT",
        title: `${sample.symbol} ${describeCondition(condition)} at ${formatPrice(sample.price)}`,
        body: text,
        link: `/app/alerts#alert-${outcome.id}`,
      });
      return true;
    });
  } catch (error) {
    // The same sample recorded by another checker between our read and write: theirs stands.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
    throw error;
  }
}

export interface AlertCheckerOptions {
  prisma: PrismaClient;
  logger: Logger;
  /** Called after a firing commits, with the member it notified (the bell's live count). */
  onNotified?: (userId: string) => void;
  now?: () => number;
}

/** Checks one ticker update against every armed alert on its symbols; stale (republished) prices are skipped. */
export async function checkAlerts(options: AlertCheckerOptions, message: TickerMessage): Promise<CheckSummary> {
  const summary: CheckSummary = { evaluated: 0, fired: 0, lost: 0, changed: 0, retired: 0 };
  if (message.stale || !message.data.length) return summary;
  const { prisma, logger } = options;
  const now = options.now?.() ?? Date.now();
  const samples = message.data.map((p) => ({ symbol: p.symbol, price: p.price, at: p.at }));
  const { alerts, held } = await loadArmed(prisma, [...new Set(samples.map((s) => s.symbol))], logger);
  if (!alerts.length) return summary;
  const result = checkUpdate(indexAlerts(alerts), samples, now, { sessionStartOf });
  summary.evaluated = result.evaluated;

  await saveStates(prisma, result.changed, held);
  summary.changed = result.changed.length;
  if (result.retired.length) {
    const retired = result.retired.map((r) => r.id);
    const { count } = await prisma.alert.updateMany({
      where: { id: { in: retired }, endedAt: null },
      data: { endedAt: new Date(now), version: { increment: 1 } },
    });
    summary.retired = count;
  }
  for (const outcome of result.fired) {
    const alert = held.get(outcome.id)!;
    if (await recordFiring(prisma, outcome, alert, new Date(now))) {
      summary.fired += 1;
      options.onNotified?.(alert.userId);
    } else summary.lost += 1;
  }
  if (summary.fired || summary.lost)
    logger.info({ component: "alerts", event: "alerts.checked", ...summary, messageId: message.id }, "alerts checked");
  return summary;
}
