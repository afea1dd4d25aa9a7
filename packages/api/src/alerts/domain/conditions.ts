// What an alert watches, and whether one new price sample meets it. Pure: the caller passes the
// stored state and, for session windows, the session's start; nothing here reads a clock.
import { z } from "zod";

const MAX_PRICE = 1_000_000_000;
// Prices arrive from forms as decimal text; a double that does not survive toFixed(8) had more
// than 8 decimals (or is a float artefact such as 0.1 + 0.2) and would render unlike what was typed.
const hasAtMost8Decimals = (n: number) => Number(n.toFixed(8)) === n;

// z.number() already refuses NaN and ±Infinity in zod 4, so "finite" needs no extra check.
const PriceLevelSchema = z
  .number({ error: "Enter a price" })
  .gt(0, { error: "Enter a price above 0" })
  .max(MAX_PRICE, { error: "Enter a price of at most 1,000,000,000" })
  .refine(hasAtMost8Decimals, { error: "Use at most 8 decimal places" });

export const MovingWindowSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({
      kind: z.literal("minutes"),
      minutes: z
        .number({ error: "Enter a number of minutes" })
        .int({ error: "Enter whole minutes" })
        .min(1, { error: "Enter at least 1 minute" })
        .max(1440, { error: "Enter at most 1440 minutes (one day)" }),
    }),
    z.object({ kind: z.literal("session") }),
  ],
  { error: "Choose a number of minutes or the session" },
);
export type MovingWindow = z.infer<typeof MovingWindowSchema>;

const levelCondition = <T extends string>(type: T) => z.object({ type: z.literal(type), level: PriceLevelSchema });

const movingCondition = <T extends string>(type: T) =>
  z
    .object({
      type: z.literal(type),
      amount: z.number({ error: "Enter an amount" }),
      unit: z.enum(["percent", "dollars"], { error: "Choose percent or dollars" }),
      window: MovingWindowSchema,
    })
    // The amount's bounds depend on its unit, so they are checked on the object, reported on `amount`.
    .superRefine((value, ctx) => {
      const error =
        value.unit === "percent"
          ? value.amount < 0.01 || value.amount > 1000
            ? "Enter a percentage between 0.01 and 1000"
            : undefined
          : !(value.amount > 0)
            ? "Enter an amount above 0"
            : value.amount > MAX_PRICE
              ? "Enter an amount of at most 1,000,000,000"
              : !hasAtMost8Decimals(value.amount)
                ? "Use at most 8 decimal places"
                : undefined;
      if (error) ctx.addIssue({ code: "custom", path: ["amount"], message: error });
    });

export const AlertConditionSchema = z.discriminatedUnion(
  "type",
  [
    levelCondition("above"),
    levelCondition("below"),
    levelCondition("crossing"),
    levelCondition("crossing_up"),
    levelCondition("crossing_down"),
    movingCondition("moving_up"),
    movingCondition("moving_down"),
  ],
  { error: "Choose a condition" },
);
export type AlertCondition = z.infer<typeof AlertConditionSchema>;
export type MovingCondition = Extract<AlertCondition, { type: "moving_up" | "moving_down" }>;

/** One ticker observation of a symbol. */
export interface PriceSample {
  symbol: string;
  price: number;
  /** Epoch milliseconds. */
  at: number;
}

/** A price retained for a moving window: the lowest (moving up) or highest (moving down) seen. */
export interface Extreme {
  start: number;
  price: number;
}

/**
 * What a condition remembers between samples; stored as JSON beside the alert. Bounded: `side`
 * is O(1), `session` is O(1), `extremes` holds at most 61 buckets (see bucketMs).
 */
export interface ConditionState {
  /** Side of the level of the last sample that was not exactly on it (crossing conditions). */
  side?: "below" | "above";
  /** Per-bucket extreme prices of a minutes window, oldest first (moving conditions). */
  extremes?: Extreme[];
  /** The current session's extreme price so far and the session it belongs to. */
  session?: Extreme;
}

/** Inputs the engine cannot derive without a clock or a calendar. */
export interface ConditionContext {
  /** Epoch ms at which the symbol's current session began (see sessionStart in zone.ts). */
  sessionStart?: number;
}

export interface ConditionResult {
  met: boolean;
  /** The same object as the input state when nothing worth storing changed. */
  state: ConditionState;
}

// Crossing follows Pine's ta.crossover/ta.crossunder (previous <= level < current, previous >=
// level > current) with one refinement: "previous" is the last sample that was NOT exactly on the
// level. So a price resting on the level never fires, 99 → 100 → 101 fires once (at 101), and a
// touch that turns back (101 → 100 → 101) fires nothing, where plain Pine would report a cross up.
const sideOf = (price: number, level: number): ConditionState["side"] =>
  price > level ? "above" : price < level ? "below" : undefined;

function evaluateCrossing(
  condition: AlertCondition & { level: number },
  state: ConditionState,
  price: number,
): ConditionResult {
  const side = sideOf(price, condition.level);
  const up = state.side === "below" && side === "above";
  const down = state.side === "above" && side === "below";
  const met = condition.type === "crossing_up" ? up : condition.type === "crossing_down" ? down : up || down;
  const next = side === undefined || side === state.side ? state : { ...state, side };
  return { met, state: next };
}

/**
 * Width of the buckets a minutes window is kept in: one per second of window length, at least
 * 5 s (the ticker's period). A window of N minutes therefore holds at most 61 buckets whatever N.
 */
export const bucketMs = (minutes: number): number => Math.max(5_000, minutes * 1_000);

// Binary doubles make 0.3 - 0.1 < 0.2; a move that equals the amount to 1e-9 counts as reached.
const EPSILON = 1e-9;

/** Whether `price` has moved from `reference` by at least the condition's amount in its direction. */
export function hasMoved(condition: MovingCondition, reference: number, price: number): boolean {
  const move = condition.type === "moving_up" ? price - reference : reference - price;
  const needed = condition.unit === "dollars" ? condition.amount : (reference * condition.amount) / 100;
  return move >= needed - EPSILON * Math.max(1, reference);
}

const isBetter = (condition: MovingCondition, candidate: number, current: number) =>
  condition.type === "moving_up" ? candidate < current : candidate > current;

// Exactness vs memory: a bucket counts only while its whole span lies inside the window, so a
// sample older than the window never counts; the price is that the oldest part of the window
// (less than one bucket, 1/60 of it) may be ignored. A sample list would be exact but holds
// 17,280 prices for a one-day window at 5 s.
function evaluateMinutes(condition: MovingCondition, minutes: number, state: ConditionState, sample: PriceSample) {
  const width = bucketMs(minutes);
  const windowStart = sample.at - minutes * 60_000;
  const start = sample.at - (sample.at % width);
  const previous = state.extremes ?? [];
  const kept = previous.filter((e) => e.start >= windowStart);
  let reference: number | undefined;
  for (const e of kept) if (reference === undefined || isBetter(condition, e.price, reference)) reference = e.price;
  const met = reference !== undefined && hasMoved(condition, reference, sample.price);

  const last = kept[kept.length - 1];
  if (last && last.start === start) {
    if (kept.length === previous.length && !isBetter(condition, sample.price, last.price)) return { met, state };
    if (isBetter(condition, sample.price, last.price)) kept[kept.length - 1] = { start, price: sample.price };
  } else if (!last || start > last.start) {
    kept.push({ start, price: sample.price });
  }
  return { met, state: { ...state, extremes: kept } };
}

function evaluateSession(condition: MovingCondition, state: ConditionState, sample: PriceSample, sessionStart: number) {
  // The reference is the session's extreme as seen by the checker: the first sample of a new
  // session starts it, so a move is never measured against the previous session's prices.
  const current = state.session?.start === sessionStart ? state.session : undefined;
  const met = current !== undefined && hasMoved(condition, current.price, sample.price);
  if (current && !isBetter(condition, sample.price, current.price)) return { met, state };
  return { met, state: { ...state, session: { start: sessionStart, price: sample.price } } };
}

/** Whether `sample` meets `condition` given what the condition remembered, and what it remembers next. */
export function evaluateCondition(
  condition: AlertCondition,
  state: ConditionState,
  sample: PriceSample,
  context: ConditionContext = {},
): ConditionResult {
  switch (condition.type) {
    case "above":
      return { met: sample.price > condition.level, state };
    case "below":
      return { met: sample.price < condition.level, state };
    case "crossing":
    case "crossing_up":
    case "crossing_down":
      return evaluateCrossing(condition, state, sample.price);
    case "moving_up":
    case "moving_down":
      if (condition.window.kind === "minutes")
        return evaluateMinutes(condition, condition.window.minutes, state, sample);
      if (context.sessionStart === undefined) throw new Error("A session window needs the session's start");
      return evaluateSession(condition, state, sample, context.sessionStart);
  }
}
