// The alert checker: on each ticker update it decides every armed alert on the updated symbols
// (domain/batch.ts) and records what changed. It keeps the armed alerts in memory between updates
// and reads only the rows written since (a full reload every few minutes catches deletions), so
// an update costs the evaluation and the writes, not a read of every alert.
// Any number of checkers may run on the same update (several instances, a lease changing hands):
// every write is conditional on the alert's version as this checker holds it, so exactly one of
// them records a firing; all of an update's firings, with their AlertEvents, notifications,
// emails and webhooks, are written in one transaction or not at all.
import type { Logger } from "@tradecraft/config";
import { Prisma, type PrismaClient } from "@tradecraft/db";
import type { TickerMessage } from "../live/ticker-message.ts";
import { classifySymbol } from "../market/symbols.ts";
import { notifyMany } from "../notifications/notify.ts";
import { type AlertIndex, type AlertOutcome, checkUpdate, indexAlerts, type StoredAlert } from "./domain/batch.ts";
import { AlertConditionSchema } from "./domain/conditions.ts";
import { AlertStateSchema } from "./domain/frequency.ts";
import { describeCondition, formatPrice, renderMessage } from "./domain/message.ts";
import { CRYPTO_SESSION, sessionStart, STOCK_SESSION } from "./domain/zone.ts";

/** The stored frequency (Prisma's enum) as the engine names it. */
export const FREQUENCY_FROM_DB = {
  ONLY_ONCE: "only_once",
  ONCE_PER_MINUTE: "once_per_minute",
  ONCE_PER_DAY: "once_per_day",
} as const;

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

const ALERT_COLUMNS = {
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
  pausedAt: true,
  endedAt: true,
  updatedAt: true,
} as const satisfies Prisma.AlertSelect;
type AlertRow = Prisma.AlertGetPayload<{ select: typeof ALERT_COLUMNS }>;

/** Rows written this long before the last one seen are read again: a transaction that committed late is not missed. */
const REREAD_MARGIN_MS = 10_000;

export interface AlertCheckerOptions {
  prisma: PrismaClient;
  logger: Logger;
  /** Called after firings commit, once per member notified (the bell's live count). */
  onNotified?: (userId: string) => void;
  now?: () => number;
  /** How often the whole set of armed alerts is read again (deleted alerts leave the index then). */
  fullReloadMs?: number;
}

/** One checker's view of the armed alerts, kept between ticker updates. */
export class AlertChecker {
  private readonly alerts = new Map<string, StoredAlert & Held>();
  private index: AlertIndex = new Map();
  private indexStale = true;
  private watermark: Date | null = null;
  private loadedAt = 0;

  constructor(private readonly options: AlertCheckerOptions) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  /** Parses a row into the engine's form, or null (logged) when its stored JSON does not parse. */
  private parse(row: AlertRow): (StoredAlert & Held) | null {
    const condition = AlertConditionSchema.safeParse(row.condition);
    const state = AlertStateSchema.safeParse(row.state);
    if (!condition.success || !state.success) {
      this.options.logger.warn(
        { component: "alerts", alertId: row.id },
        "alert skipped: stored condition or state does not parse",
      );
      return null;
    }
    return {
      id: row.id,
      definition: {
        symbol: row.symbol,
        condition: condition.data,
        frequency: FREQUENCY_FROM_DB[row.frequency],
        expiresAt: row.expiresAt?.getTime() ?? null,
        timeZone: row.timeZone,
      },
      state: state.data,
      version: row.version,
      userId: row.userId,
      message: row.message,
    };
  }

  private take(row: AlertRow) {
    if (this.watermark === null || row.updatedAt > this.watermark) this.watermark = row.updatedAt;
    const held = this.alerts.get(row.id);
    // Our own write read back, or an older read: what we hold is already as new.
    if (held && held.version >= row.version) return;
    this.indexStale = true;
    const parsed = row.endedAt || row.pausedAt ? null : this.parse(row);
    if (parsed) this.alerts.set(row.id, parsed);
    else this.alerts.delete(row.id);
  }

  /** Reads every armed alert (first use, then every fullReloadMs), else only rows written since the last read. */
  private async refresh() {
    const { prisma } = this.options;
    const full = this.now() - this.loadedAt >= (this.options.fullReloadMs ?? 300_000);
    if (full) {
      const [clock] = await prisma.$queryRaw<{ now: Date }[]>`SELECT now() AS "now"`;
      const rows = await prisma.alert.findMany({ where: { endedAt: null, pausedAt: null }, select: ALERT_COLUMNS });
      this.alerts.clear();
      this.watermark = clock!.now;
      for (const row of rows) this.take(row);
      this.loadedAt = this.now();
      this.indexStale = true;
      return;
    }
    const since = new Date((this.watermark?.getTime() ?? 0) - REREAD_MARGIN_MS);
    const rows = await prisma.alert.findMany({ where: { updatedAt: { gt: since } }, select: ALERT_COLUMNS });
    for (const row of rows) this.take(row);
  }

  private currentIndex(): AlertIndex {
    if (this.indexStale) {
      this.index = indexAlerts(this.alerts.values());
      this.indexStale = false;
    }
    return this.index;
  }

  /** Writes changed states in one statement, each only at the version held; returns the ids written. */
  private async saveStates(outcomes: AlertOutcome[]): Promise<Set<string>> {
    if (!outcomes.length) return new Set();
    const ids = outcomes.map((o) => o.id);
    const versions = outcomes.map((o) => this.alerts.get(o.id)!.version);
    const states = outcomes.map((o) => JSON.stringify(o.decision.state));
    const rows = await this.options.prisma.$queryRaw<{ id: string }[]>`
      UPDATE "Alert" AS a SET "state" = v.state::jsonb, "version" = a."version" + 1, "updatedAt" = now()
      FROM unnest(${ids}::text[], ${versions}::int[], ${states}::text[]) AS v(id, version, state)
      WHERE a."id" = v.id AND a."version" = v.version
      RETURNING a."id"`;
    return new Set(rows.map((r) => r.id));
  }

  /** Records the firings this checker wins, all in one transaction; returns the ids it won. */
  private async recordFirings(outcomes: AlertOutcome[], now: Date): Promise<Set<string>> {
    if (!outcomes.length) return new Set();
    const ids = outcomes.map((o) => o.id);
    const versions = outcomes.map((o) => this.alerts.get(o.id)!.version);
    const states = outcomes.map((o) => JSON.stringify(o.decision.state));
    const disarm = outcomes.map((o) => o.decision.state.disarmed);
    try {
      return await this.options.prisma.$transaction(
        async (tx) => {
          const won = await tx.$queryRaw<{ id: string }[]>`
            UPDATE "Alert" AS a SET "state" = v.state::jsonb, "version" = a."version" + 1, "lastFiredAt" = ${now},
              "fireCount" = a."fireCount" + 1, "endedAt" = CASE WHEN v.disarm THEN ${now} ELSE a."endedAt" END,
              "updatedAt" = now()
            FROM unnest(${ids}::text[], ${versions}::int[], ${states}::text[], ${disarm}::boolean[]) AS v(id, version, state, disarm)
            WHERE a."id" = v.id AND a."version" = v.version
            RETURNING a."id"`;
          const winners = new Set(won.map((w) => w.id));
          const firings = outcomes.filter((o) => winners.has(o.id));
          const texts = new Map<string, string>();
          for (const { id, sample } of firings) {
            const alert = this.alerts.get(id)!;
            texts.set(
              id,
              renderMessage(alert.message, {
                symbol: sample.symbol,
                price: sample.price,
                condition: alert.definition.condition,
              }),
            );
          }
          await tx.alertEvent.createMany({
            data: firings.map(({ id, sample }) => ({
              alertId: id,
              userId: this.alerts.get(id)!.userId,
              symbol: sample.symbol,
              price: new Prisma.Decimal(sample.price.toFixed(8)),
              message: texts.get(id)!,
              sampleAt: new Date(sample.at),
              firedAt: now,
            })),
          });
          await notifyMany(
            tx,
            firings.map(({ id, sample }) => {
              const alert = this.alerts.get(id)!;
              return {
                userId: alert.userId,
                kind: "PRICE_ALERT" as const,
                title: `${sample.symbol} ${describeCondition(alert.definition.condition)} at ${formatPrice(sample.price)}`,
                body: texts.get(id)!,
                link: `/app/alerts#alert-${id}`,
              };
            }),
          );
          return winners;
        },
        { timeout: 60_000 },
      );
    } catch (error) {
      // The same sample recorded by another checker between our read and write: theirs stands.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return new Set();
      throw error;
    }
  }

  /** Checks one ticker update against the armed alerts on its symbols; stale (republished) prices are skipped. */
  async check(message: TickerMessage): Promise<CheckSummary> {
    const summary: CheckSummary = { evaluated: 0, fired: 0, lost: 0, changed: 0, retired: 0 };
    if (message.stale || !message.data.length) return summary;
    const { prisma, logger } = this.options;
    await this.refresh();
    const now = this.now();
    const samples = message.data.map((p) => ({ symbol: p.symbol, price: p.price, at: p.at }));
    const result = checkUpdate(this.currentIndex(), samples, now, { sessionStartOf });
    summary.evaluated = result.evaluated;

    const saved = await this.saveStates(result.changed);
    summary.changed = saved.size;
    for (const outcome of result.changed) {
      const alert = this.alerts.get(outcome.id)!;
      if (saved.has(outcome.id))
        this.alerts.set(outcome.id, { ...alert, state: outcome.decision.state, version: alert.version + 1 });
    }
    if (result.retired.length) {
      const retired = result.retired.map((r) => r.id);
      const { count } = await prisma.alert.updateMany({
        where: { id: { in: retired }, endedAt: null },
        data: { endedAt: new Date(now), version: { increment: 1 } },
      });
      summary.retired = count;
      for (const id of retired) this.alerts.delete(id);
    }
    const won = await this.recordFirings(result.fired, new Date(now));
    summary.fired = won.size;
    summary.lost = result.fired.length - won.size;
    const notified = new Set<string>();
    for (const outcome of result.fired) {
      const alert = this.alerts.get(outcome.id)!;
      if (!won.has(outcome.id)) continue;
      notified.add(alert.userId);
      if (outcome.decision.state.disarmed) this.alerts.delete(outcome.id);
      else this.alerts.set(outcome.id, { ...alert, state: outcome.decision.state, version: alert.version + 1 });
    }
    // The states changed in memory: the next update indexes them afresh (cheap next to a read).
    if (saved.size || won.size || result.retired.length) this.indexStale = true;
    for (const userId of notified) this.options.onNotified?.(userId);
    if (summary.fired || summary.lost)
      logger.info(
        { component: "alerts", event: "alerts.checked", ...summary, messageId: message.id },
        "alerts checked",
      );
    return summary;
  }
}

/** One check by a fresh checker (it reads every armed alert first): tests and one-off runs. */
export function checkAlerts(options: AlertCheckerOptions, message: TickerMessage): Promise<CheckSummary> {
  return new AlertChecker(options).check(message);
}
