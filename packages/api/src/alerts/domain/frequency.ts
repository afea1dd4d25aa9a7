// How often an alert may fire, and the one decision the checker stores: given an alert, its
// stored state and a new sample, does it fire now and what is its next state?
//
// Built for several checker instances racing on one PostgreSQL row: decide() is deterministic in
// its inputs and throttles on the sample's time, not on the instance's clock, so every instance
// that sees the same sample computes the same next state; the conditional UPDATE (WHERE the
// stored state is still the one read) lets exactly one of them record the firing. Replaying a
// sample after it fired never fires again (same minute, same day, or disarmed).
import { z } from "zod";
import {
  type AlertCondition,
  AlertConditionSchema,
  type ConditionContext,
  type ConditionState,
  type PriceSample,
  evaluateCondition,
} from "./conditions.ts";
import { dayKey, isTimeZone } from "./zone.ts";

export const ALERT_FREQUENCIES = ["only_once", "once_per_minute", "once_per_day"] as const;
export const AlertFrequencySchema = z.enum(ALERT_FREQUENCIES, { error: "Choose how often the alert may fire" });
export type AlertFrequency = z.infer<typeof AlertFrequencySchema>;

export const AlertDefinitionSchema = z.object({
  symbol: z
    .string({ error: "Enter a symbol" })
    .trim()
    .min(1, { error: "Enter a symbol" })
    .max(32, { error: "Enter a symbol of at most 32 characters" }),
  condition: AlertConditionSchema,
  frequency: AlertFrequencySchema,
  /** Epoch ms after which the alert never fires; null for no expiry. */
  expiresAt: z.number().int({ error: "Choose an expiry date" }).nullable(),
  /** The member's IANA zone: "once per day" means per day on their calendar. */
  timeZone: z.string().refine(isTimeZone, { error: "Choose a time zone" }),
});
export type AlertDefinition = z.infer<typeof AlertDefinitionSchema>;

const ExtremeSchema = z.object({ start: z.number(), price: z.number() });

// Stored state is read back from JSON written by an older or newer deploy; parsing it keeps a bad
// row from reaching the engine. 61 is the bucket bound documented in conditions.ts.
export const AlertStateSchema = z.object({
  condition: z.object({
    side: z.enum(["below", "above"]).optional(),
    extremes: z.array(ExtremeSchema).max(61).optional(),
    session: ExtremeSchema.optional(),
  }),
  firedAt: z.number().nullable(),
  disarmed: z.boolean(),
});

/** What an alert remembers between samples (stored beside it as JSON). */
export interface AlertState {
  condition: ConditionState;
  /** The sample time (epoch ms) of the last firing. */
  firedAt: number | null;
  /** An only_once alert that has fired: it never fires again. */
  disarmed: boolean;
}

export type AlertStatus = "armed" | "fired" | "expired" | "disarmed";

export interface Decision {
  fire: boolean;
  /** The same object as the input state when nothing changed: the caller can skip the write. */
  state: AlertState;
  status: AlertStatus;
}

/** The state of an alert that has never seen a sample. */
export const initialAlertState = (): AlertState => ({ condition: {}, firedAt: null, disarmed: false });

const MINUTE_MS = 60_000;

/** Whether the frequency lets an alert that last fired at `firedAt` fire again at `at`. */
export function mayFireAgain(frequency: AlertFrequency, firedAt: number | null, at: number, timeZone: string): boolean {
  if (firedAt === null) return true;
  switch (frequency) {
    case "only_once":
      return false;
    case "once_per_minute":
      return at - firedAt >= MINUTE_MS;
    case "once_per_day":
      // Compared as calendar days, not 24 h spans: a firing at 23:59 allows another at 00:00.
      return at > firedAt && dayKey(at, timeZone) !== dayKey(firedAt, timeZone);
  }
}

/** Whether `alert` fires on `sample` checked at `now`, its next state and its status. */
export function decide(
  alert: Pick<AlertDefinition, "symbol" | "frequency" | "expiresAt" | "timeZone"> & { condition: AlertCondition },
  state: AlertState,
  sample: PriceSample,
  now: number,
  context: ConditionContext = {},
): Decision {
  if (sample.symbol !== alert.symbol)
    throw new Error(`A ${sample.symbol} sample cannot decide a ${alert.symbol} alert`);
  if (state.disarmed) return { fire: false, state, status: "disarmed" };
  // Both clocks: a sample taken after the expiry, or a late sample checked after it, never fires.
  if (alert.expiresAt !== null && (now >= alert.expiresAt || sample.at >= alert.expiresAt)) {
    return { fire: false, state, status: "expired" };
  }
  const evaluated = evaluateCondition(alert.condition, state.condition, sample, context);
  const fire = evaluated.met && mayFireAgain(alert.frequency, state.firedAt, sample.at, alert.timeZone);
  if (!fire) {
    const next = evaluated.state === state.condition ? state : { ...state, condition: evaluated.state };
    return { fire: false, state: next, status: "armed" };
  }
  return {
    fire: true,
    state: { condition: evaluated.state, firedAt: sample.at, disarmed: alert.frequency === "only_once" },
    status: "fired",
  };
}
