// The rule-based grader: what answers when no model is configured or the model fails. Pure: the
// handler gathers the numbers, this turns them into the same shape the model returns. It grades
// the process, not the outcome: a loss taken at a planned stop with a sensible size can earn an A,
// and a lucky win without a stop cannot.
//
// Each check scores 0–100; a sub-score is the rounded mean of its checks that apply (a check
// whose inputs are unknown is left out, never guessed).
//
// | check          | measure                                    | bands → score                                                   | feeds          |
// |----------------|--------------------------------------------|-----------------------------------------------------------------|----------------|
// | stop           | a stop on the losing side of the entry     | yes 100 · on the wrong side 30 · none 0                         | riskManagement |
// | position risk  | initial risk ÷ account balance at entry    | ≤1% 100 · ≤2% 80 · ≤3% 50 · ≤5% 20 · >5% 0 · unknown: skipped   | riskManagement |
// | planned R:R    | |target − entry| ÷ |entry − stop|           | ≥2 100 · ≥1.5 80 · ≥1 60 · <1 30 · no target or stop: 40        | setupQuality   |
// | setup          | a setup chosen                             | yes 100 · no 40                                                 | setupQuality   |
// | target capture | realised R ÷ planned R                     | ≥1 100 · ≥0.75 85 · ≥0.5 70 · ≥0 55 · <0 45 · unknown: skipped  | execution      |
// | fees drag      | fees ÷ |gross P&L|                         | ≤5% 100 · ≤15% 75 · ≤30% 45 · >30% 15 (gross 0: fees 0 → 100)   | execution      |
// | stop honoured  | realised R                                 | ≥−1.1 100 · ≥−1.5 40 · <−1.5 0 · unknown: skipped               | discipline     |
// | holding time   | hold ÷ the member's typical hold           | 0.25–4× 100 · 0.1–10× 65 · else 35                              | discipline     |
// |                | (no typical hold known: absolute bands)    | ≥1 min 80 · <1 min 45                                           |                |
// | notes          | length of the notes, trimmed               | ≥40 chars 100 · 1–39 60 · none 20                               | psychology     |
// | emotions       | emotions recorded                          | yes 100 · no 50                                                 | psychology     |
//
// Overall score = round(0.20 setupQuality + 0.25 riskManagement + 0.20 execution
//                       + 0.20 discipline + 0.15 psychology).
// Letter (school bands, familiar to members): ≥90 A · ≥80 B · ≥70 C · ≥60 D · else F.
// A check at ≥85 gives a strength, one at ≤45 an improvement (at most 5 each, the strongest and
// weakest first). Open trades are not graded here: the handler refuses them, because the exit,
// realised R, fees and holding time, most of what is judged, are not known yet.

export const RULE_BASED_MODEL = "rule-based-v1-fallback";
export const GRADE_LETTERS = ["A", "B", "C", "D", "F"] as const;
export type GradeLetter = (typeof GRADE_LETTERS)[number];
export const SUB_SCORES = ["setupQuality", "riskManagement", "execution", "discipline", "psychology"] as const;
export type SubScore = (typeof SUB_SCORES)[number];

export const MAX_LIST_ITEMS = 5;
export const MAX_ITEM_CHARS = 200;
export const MAX_SUMMARY_CHARS = 600;

/** A grade, from the model or from the rules. */
export interface GradeResult extends Record<SubScore, number> {
  grade: GradeLetter;
  score: number;
  strengths: string[];
  improvements: string[];
  summary: string;
  model: string;
}

/** A closed trade's facts, as numbers (the handler converts the stored decimals). */
export interface RuleGradeInput {
  direction: "long" | "short";
  entryPrice: number;
  stopLoss: number | null;
  takeProfit: number | null;
  entryAt: Date;
  exitAt: Date;
  fees: number;
  grossPnl: number | null;
  /** Dollars at risk from the stop; null without a protective stop. */
  initialRisk: number | null;
  rMultiple: number | null;
  notes: string;
  hasSetup: boolean;
  emotions: string[];
  /** The account's balance when the trade opened, when its starting balance is known. */
  accountBalance: number | null;
  /** The member's mean holding time over recent closed trades, in minutes. */
  typicalHoldMinutes: number | null;
}

export const WEIGHTS: Record<SubScore, number> = {
  setupQuality: 0.2,
  riskManagement: 0.25,
  execution: 0.2,
  discipline: 0.2,
  psychology: 0.15,
};

interface Check {
  feeds: SubScore;
  score: number;
  strength?: string;
  improvement?: string;
}

/** The letter for a 0–100 score. */
export function letterFor(score: number): GradeLetter {
  return score >= 90 ? "A" : score >= 80 ? "B" : score >= 70 ? "C" : score >= 60 ? "D" : "F";
}

const pct = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
const num = (value: number) => (Math.round(value * 100) / 100).toString();

/** Reward ÷ risk planned at entry from the target and stop, or null when either is missing or the stop is not protective. */
export function plannedRewardRisk(
  t: Pick<RuleGradeInput, "direction" | "entryPrice" | "stopLoss" | "takeProfit">,
): number | null {
  if (t.stopLoss === null || t.takeProfit === null) return null;
  const sign = t.direction === "long" ? 1 : -1;
  const risk = sign * (t.entryPrice - t.stopLoss);
  const reward = sign * (t.takeProfit - t.entryPrice);
  if (risk <= 0 || reward <= 0) return null;
  return reward / risk;
}

function riskChecks(t: RuleGradeInput): Check[] {
  const checks: Check[] = [];
  if (t.stopLoss === null) {
    checks.push({
      feeds: "riskManagement",
      score: 0,
      improvement: "Set a stop loss before entering, so the loss you accept is decided in advance.",
    });
  } else if (t.initialRisk === null || t.initialRisk <= 0) {
    checks.push({
      feeds: "riskManagement",
      score: 30,
      improvement: "The stop is on the wrong side of the entry, so it would not limit the loss.",
    });
  } else {
    checks.push({
      feeds: "riskManagement",
      score: 100,
      strength: "A stop loss was set, so the risk was defined before entry.",
    });
  }
  if (t.initialRisk !== null && t.initialRisk > 0 && t.accountBalance !== null && t.accountBalance > 0) {
    const share = t.initialRisk / t.accountBalance;
    const score = share <= 0.01 ? 100 : share <= 0.02 ? 80 : share <= 0.03 ? 50 : share <= 0.05 ? 20 : 0;
    checks.push({
      feeds: "riskManagement",
      score,
      strength: `Risked ${pct(share)} of the account, within a 1–2% rule.`,
      improvement: `Risked ${pct(share)} of the account; keep each trade's risk near 1–2%.`,
    });
  }
  return checks;
}

function setupChecks(t: RuleGradeInput, planned: number | null): Check[] {
  const plan: Check =
    planned === null
      ? {
          feeds: "setupQuality",
          score: 40,
          improvement: "Write down a target and a stop at entry, so the planned reward-to-risk is known.",
        }
      : {
          feeds: "setupQuality",
          score: planned >= 2 ? 100 : planned >= 1.5 ? 80 : planned >= 1 ? 60 : 30,
          strength: `Planned reward-to-risk of ${num(planned)}:1.`,
          improvement: `Planned reward-to-risk of only ${num(planned)}:1; look for targets at least 1.5× the risk.`,
        };
  const setup: Check = t.hasSetup
    ? { feeds: "setupQuality", score: 100, strength: "Traded a named setup from your playbook." }
    : {
        feeds: "setupQuality",
        score: 40,
        improvement: "Tag the trade with a setup, so you can tell which of your setups work.",
      };
  return [plan, setup];
}

function executionChecks(t: RuleGradeInput, planned: number | null): Check[] {
  const checks: Check[] = [];
  if (planned !== null && t.rMultiple !== null) {
    const capture = t.rMultiple / planned;
    const score = capture >= 1 ? 100 : capture >= 0.75 ? 85 : capture >= 0.5 ? 70 : capture >= 0 ? 55 : 45;
    checks.push({
      feeds: "execution",
      score,
      strength: `Realised ${num(t.rMultiple)}R of the ${num(planned)}R planned.`,
      improvement: `Realised ${num(t.rMultiple)}R of the ${num(planned)}R planned; review the exit against the plan.`,
    });
  }
  if (t.grossPnl !== null) {
    const gross = Math.abs(t.grossPnl);
    const drag = gross === 0 ? (t.fees > 0 ? Infinity : 0) : t.fees / gross;
    const score = drag <= 0.05 ? 100 : drag <= 0.15 ? 75 : drag <= 0.3 ? 45 : 15;
    checks.push({
      feeds: "execution",
      score,
      strength: drag === 0 ? "No fees weighed on the result." : `Fees took only ${pct(drag)} of the gross result.`,
      improvement: Number.isFinite(drag)
        ? `Fees took ${pct(drag)} of the gross result; size or frequency should make them small.`
        : "Fees were paid on a trade with no gross result.",
    });
  }
  return checks;
}

function disciplineChecks(t: RuleGradeInput): Check[] {
  const checks: Check[] = [];
  if (t.rMultiple !== null) {
    const r = t.rMultiple;
    const score = r >= -1.1 ? 100 : r >= -1.5 ? 40 : 0;
    checks.push({
      feeds: "discipline",
      score,
      strength: r < 0 ? `The loss stayed within the planned 1R (${num(r)}R).` : undefined,
      improvement: `Lost ${num(-r)}R, more than the 1R planned: honour the stop.`,
    });
  }
  const holdMinutes = (t.exitAt.getTime() - t.entryAt.getTime()) / 60_000;
  if (t.typicalHoldMinutes !== null && t.typicalHoldMinutes > 0) {
    const ratio = holdMinutes / t.typicalHoldMinutes;
    const score = ratio >= 0.25 && ratio <= 4 ? 100 : ratio >= 0.1 && ratio <= 10 ? 65 : 35;
    checks.push({
      feeds: "discipline",
      score,
      strength: "Held for about your usual time.",
      improvement: `Held ${num(ratio)}× your usual time (${Math.round(holdMinutes)} min against ${Math.round(t.typicalHoldMinutes)} min); check the exit followed the plan.`,
    });
  } else {
    checks.push({
      feeds: "discipline",
      score: holdMinutes >= 1 ? 80 : 45,
      improvement: "Closed within a minute of entry; make sure it was the plan and not a reflex.",
    });
  }
  return checks;
}

function psychologyChecks(t: RuleGradeInput): Check[] {
  const length = t.notes.trim().length;
  const notes: Check =
    length >= 40
      ? { feeds: "psychology", score: 100, strength: "Wrote notes on the trade, the habit that makes review possible." }
      : length > 0
        ? {
            feeds: "psychology",
            score: 60,
            improvement: "Notes are brief; write why you entered, how you felt and what you would repeat.",
          }
        : {
            feeds: "psychology",
            score: 20,
            improvement: "Write notes on the trade: why you entered, how you felt, what you learnt.",
          };
  const emotions: Check = t.emotions.length
    ? { feeds: "psychology", score: 100, strength: "Recorded the emotions felt during the trade." }
    : { feeds: "psychology", score: 50 };
  return [notes, emotions];
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const LABELS: Record<SubScore, string> = {
  setupQuality: "setup quality",
  riskManagement: "risk management",
  execution: "execution",
  discipline: "discipline",
  psychology: "psychology",
};

/** Grades a closed trade by the fixed rules documented at the top of this file. */
export function gradeTradeRuleBased(t: RuleGradeInput): GradeResult {
  const planned = plannedRewardRisk(t);
  const checks = [
    ...setupChecks(t, planned),
    ...riskChecks(t),
    ...executionChecks(t, planned),
    ...disciplineChecks(t),
    ...psychologyChecks(t),
  ];
  const subs = Object.fromEntries(
    SUB_SCORES.map((name) => {
      const mine = checks.filter((c) => c.feeds === name).map((c) => c.score);
      // Only execution can have no applicable check (no gross P&L and no R): neutral, not a penalty.
      return [name, mine.length ? Math.round(mean(mine)) : 50];
    }),
  ) as Record<SubScore, number>;
  const score = Math.round(SUB_SCORES.reduce((acc, name) => acc + WEIGHTS[name] * subs[name], 0));
  const grade = letterFor(score);
  // Stable sorts keep the documented order among equal scores.
  const strengths = checks
    .filter((c) => c.score >= 85 && c.strength)
    .sort((a, b) => b.score - a.score)
    .map((c) => clip(c.strength!, MAX_ITEM_CHARS))
    .slice(0, MAX_LIST_ITEMS);
  const improvements = checks
    .filter((c) => c.score <= 45 && c.improvement)
    .sort((a, b) => a.score - b.score)
    .map((c) => clip(c.improvement!, MAX_ITEM_CHARS))
    .slice(0, MAX_LIST_ITEMS);
  const ranked = [...SUB_SCORES].sort((a, b) => subs[b] - subs[a]);
  const best = ranked[0]!;
  const worst = ranked[ranked.length - 1]!;
  const summary =
    `${grade} (${score}/100) by fixed rules on the journal's numbers: strongest in ${LABELS[best]} (${subs[best]}), ` +
    `weakest in ${LABELS[worst]} (${subs[worst]}). The rules judge the process (stop, size, plan, fees, holding time, notes), not the profit, ` +
    `and do not read what the notes say.`;
  return {
    grade,
    score,
    ...subs,
    strengths,
    improvements,
    summary: clip(summary, MAX_SUMMARY_CHARS),
    model: RULE_BASED_MODEL,
  };
}
