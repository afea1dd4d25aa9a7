// The checker's hot path: one ticker update (a price for each of some symbols) against every
// active alert. Alerts are indexed by symbol once, so an update costs O(alerts on the updated
// symbols), not O(all alerts); 100,000 alerts over 500 symbols is ~200 alerts a symbol.
import type { AlertCondition, PriceSample } from "./conditions.ts";
import {
  type AlertDefinition,
  type AlertState,
  type AlertStatus,
  type Decision,
  decide,
  initialAlertState,
} from "./frequency.ts";

/** An active alert as the checker holds it: its definition and its last stored state. */
export interface StoredAlert {
  id: string;
  definition: AlertDefinition;
  state: AlertState;
}

/** Active alerts grouped by symbol. */
export type AlertIndex = ReadonlyMap<string, readonly StoredAlert[]>;

/** Groups alerts by symbol for checkUpdate; O(n). */
export function indexAlerts(alerts: Iterable<StoredAlert>): AlertIndex {
  const index = new Map<string, StoredAlert[]>();
  for (const alert of alerts) {
    const list = index.get(alert.definition.symbol);
    if (list) list.push(alert);
    else index.set(alert.definition.symbol, [alert]);
  }
  return index;
}

export interface CheckContext {
  /** The symbol's current session start (see sessionStart in zone.ts); asked only for session windows. */
  sessionStartOf?: (symbol: string, at: number) => number;
}

export interface AlertOutcome {
  id: string;
  sample: PriceSample;
  decision: Decision;
}

export interface CheckResult {
  /** Alerts that fire on this update, in index order. */
  fired: AlertOutcome[];
  /** Alerts that did not fire but whose state changed (a crossing side, a window's buckets). */
  changed: AlertOutcome[];
  /** Alerts found expired or disarmed: the caller stops checking them. */
  retired: { id: string; symbol: string; status: Extract<AlertStatus, "expired" | "disarmed"> }[];
  /** How many alerts were decided: the alerts on the updated symbols, nothing else. */
  evaluated: number;
}

const needsSession = (condition: AlertCondition) =>
  (condition.type === "moving_up" || condition.type === "moving_down") && condition.window.kind === "session";

/** Decides every alert on the symbols of `samples` (one sample per symbol) checked at `now`. */
export function checkUpdate(
  index: AlertIndex,
  samples: readonly PriceSample[],
  now: number,
  context: CheckContext = {},
): CheckResult {
  const result: CheckResult = { fired: [], changed: [], retired: [], evaluated: 0 };
  for (const sample of samples) {
    const alerts = index.get(sample.symbol);
    if (!alerts) continue;
    // Asked at most once per symbol and only when an alert needs it: it costs Intl calls.
    let sessionStart: number | undefined;
    for (const alert of alerts) {
      if (sessionStart === undefined && needsSession(alert.definition.condition)) {
        sessionStart = context.sessionStartOf?.(sample.symbol, sample.at);
      }
      const decision = decide(alert.definition, alert.state, sample, now, { sessionStart });
      result.evaluated++;
      if (decision.fire) result.fired.push({ id: alert.id, sample, decision });
      else if (decision.status === "expired" || decision.status === "disarmed") {
        result.retired.push({ id: alert.id, symbol: sample.symbol, status: decision.status });
      } else if (decision.state !== alert.state) result.changed.push({ id: alert.id, sample, decision });
    }
  }
  return result;
}

/**
 * The index after `result`: new states for the alerts that fired or changed, retired alerts
 * removed. Only the touched symbols' lists are rebuilt; `index` itself is left as it was.
 */
export function applyCheck(index: AlertIndex, result: CheckResult): AlertIndex {
  const states = new Map<string, AlertState>();
  for (const outcome of [...result.fired, ...result.changed]) states.set(outcome.id, outcome.decision.state);
  const retired = new Set(result.retired.map((r) => r.id));
  const touched = new Set([...result.fired, ...result.changed].map((o) => o.sample.symbol));
  for (const r of result.retired) touched.add(r.symbol);

  const next = new Map(index);
  for (const symbol of touched) {
    const alerts = index.get(symbol) ?? [];
    const updated = alerts
      .filter((a) => !retired.has(a.id))
      .map((a) => {
        const state = states.get(a.id);
        return state ? { ...a, state } : a;
      });
    if (updated.length) next.set(symbol, updated);
    else next.delete(symbol);
  }
  return next;
}

/** The symbol a synthetic alert or sample uses: SYM0 … SYM{n-1}. */
export const syntheticSymbol = (k: number): string => `SYM${k}`;

/**
 * `count` alerts spread round-robin over `symbolCount` symbols, for benches and tests: alert i
 * is on SYM(i mod symbolCount), `above` when i is even and `below` when odd, at level
 * 50 + (i mod 101), firing once per minute, in UTC, never expiring.
 */
export function syntheticAlerts(count: number, symbolCount: number): StoredAlert[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `alert-${i}`,
    definition: {
      symbol: syntheticSymbol(i % symbolCount),
      condition: { type: i % 2 === 0 ? "above" : "below", level: 50 + (i % 101) },
      frequency: "once_per_minute",
      expiresAt: null,
      timeZone: "UTC",
    },
    state: initialAlertState(),
  }));
}

/** One ticker update giving every synthetic symbol the same `price` at `at`. */
export function syntheticUpdate(symbolCount: number, price: number, at: number): PriceSample[] {
  return Array.from({ length: symbolCount }, (_, k) => ({ symbol: syntheticSymbol(k), price, at }));
}
