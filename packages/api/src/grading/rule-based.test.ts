// The rule-based grader against hand-computed grades (the arithmetic is written out beside each).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  gradeTradeRuleBased,
  letterFor,
  plannedRewardRisk,
  RULE_BASED_MODEL,
  type RuleGradeInput,
} from "./rule-based.ts";

const at = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 14, 30) + minutes * 60_000);

/** A planned, sized, noted winner: long 100 @ 100, stop 98, target 104, out at 104 an hour later. */
const planned: RuleGradeInput = {
  direction: "long",
  entryPrice: 100,
  stopLoss: 98,
  takeProfit: 104,
  entryAt: at(0),
  exitAt: at(60),
  fees: 4,
  grossPnl: 400,
  initialRisk: 200,
  rMultiple: 1.98,
  notes: "Breakout over the morning high on volume; waited for the retest.",
  hasSetup: true,
  emotions: ["calm"],
  accountBalance: 20_000,
  typicalHoldMinutes: 45,
};

describe("gradeTradeRuleBased", () => {
  it("a planned, sized and noted winner gets an A", () => {
    // setup: plan 4/2 = 2:1 → 100, setup → 100 ⇒ 100
    // risk: stop → 100, 200/20,000 = 1% → 100 ⇒ 100
    // execution: capture 1.98/2 = 0.99 → 85, fees 4/400 = 1% → 100 ⇒ 92.5 → 93
    // discipline: R ≥ −1.1 → 100, 60/45 = 1.33× → 100 ⇒ 100
    // psychology: notes ≥ 40 chars → 100, emotions → 100 ⇒ 100
    // score 0.2·100 + 0.25·100 + 0.2·93 + 0.2·100 + 0.15·100 = 98.6 → 99
    const grade = gradeTradeRuleBased(planned);
    expect(grade).toMatchObject({
      grade: "A",
      score: 99,
      setupQuality: 100,
      riskManagement: 100,
      execution: 93,
      discipline: 100,
      psychology: 100,
      model: RULE_BASED_MODEL,
    });
    expect(grade.strengths).toEqual([
      "Planned reward-to-risk of 2:1.",
      "Traded a named setup from your playbook.",
      "A stop loss was set, so the risk was defined before entry.",
      "Risked 1.0% of the account, within a 1–2% rule.",
      "Fees took only 1.0% of the gross result.",
    ]);
    expect(grade.improvements).toEqual([]);
  });

  it("a short without stop, plan, setup or notes, closed in 30 seconds, gets an F", () => {
    // setup: no plan → 40, no setup → 40 ⇒ 40
    // risk: no stop → 0 (size unknown: skipped) ⇒ 0
    // execution: (capture unknown) fees 30/200 = 15% → 75 ⇒ 75
    // discipline: (R unknown) no typical hold, < 1 min → 45 ⇒ 45
    // psychology: no notes → 20, no emotions → 50 ⇒ 35
    // score 8 + 0 + 15 + 9 + 5.25 = 37.25 → 37
    const grade = gradeTradeRuleBased({
      ...planned,
      direction: "short",
      entryPrice: 50,
      stopLoss: null,
      takeProfit: null,
      exitAt: new Date(at(0).getTime() + 30_000),
      fees: 30,
      grossPnl: -200,
      initialRisk: null,
      rMultiple: null,
      notes: "  ",
      hasSetup: false,
      emotions: [],
      typicalHoldMinutes: null,
    });
    expect(grade).toMatchObject({
      grade: "F",
      score: 37,
      setupQuality: 40,
      riskManagement: 0,
      execution: 75,
      discipline: 45,
      psychology: 35,
    });
    expect(grade.strengths).toEqual([]);
    expect(grade.improvements).toEqual([
      "Set a stop loss before entering, so the loss you accept is decided in advance.",
      "Write notes on the trade: why you entered, how you felt, what you learnt.",
      "Write down a target and a stop at entry, so the planned reward-to-risk is known.",
      "Tag the trade with a setup, so you can tell which of your setups work.",
      "Closed within a minute of entry; make sure it was the plan and not a reflex.",
    ]);
  });

  it("an oversized loss that ran past its stop gets a C, whatever the plan", () => {
    // long 50 @ 200, stop 190, target 215, out at 188 two hours later; fees 10, gross −600, net −610
    // setup: 15/10 = 1.5:1 → 80, setup → 100 ⇒ 90
    // risk: stop → 100, 500/10,000 = 5% → 20 ⇒ 60
    // execution: capture −1.22/1.5 < 0 → 45, fees 10/600 = 1.7% → 100 ⇒ 72.5 → 73
    // discipline: R −1.22 ≥ −1.5 → 40, 120/20 = 6× → 65 ⇒ 52.5 → 53
    // psychology: 5-char notes → 60, emotions → 100 ⇒ 80
    // score 18 + 15 + 14.6 + 10.6 + 12 = 70.2 → 70
    const grade = gradeTradeRuleBased({
      ...planned,
      entryPrice: 200,
      stopLoss: 190,
      takeProfit: 215,
      exitAt: at(120),
      fees: 10,
      grossPnl: -600,
      initialRisk: 500,
      rMultiple: -1.22,
      notes: "ouch!",
      emotions: ["fear"],
      accountBalance: 10_000,
      typicalHoldMinutes: 20,
    });
    expect(grade).toMatchObject({
      grade: "C",
      score: 70,
      setupQuality: 90,
      riskManagement: 60,
      execution: 73,
      discipline: 53,
      psychology: 80,
    });
    expect(grade.improvements).toEqual([
      "Risked 5.0% of the account; keep each trade's risk near 1–2%.",
      "Lost 1.22R, more than the 1R planned: honour the stop.",
      "Realised -1.22R of the 1.5R planned; review the exit against the plan.",
    ]);
    expect(grade.strengths).toEqual([
      "Traded a named setup from your playbook.",
      "A stop loss was set, so the risk was defined before entry.",
      "Fees took only 1.7% of the gross result.",
      "Recorded the emotions felt during the trade.",
    ]);
  });

  it("a loss taken at the planned stop, sized at 1%, is graded on process, not outcome", () => {
    // out at the stop: R −1.02; capture −1.02/2 < 0 → 45, fees 4/200 = 2% → 100 ⇒ 72.5 → 73; discipline 100
    // score 20 + 25 + 14.6 + 20 + 15 = 94.6 → 95
    const grade = gradeTradeRuleBased({ ...planned, grossPnl: -200, rMultiple: -1.02 });
    expect(grade).toMatchObject({ grade: "A", score: 95, execution: 73, discipline: 100 });
    expect(grade.strengths).toContain("Planned reward-to-risk of 2:1.");
  });

  it("a stop on the wrong side scores 30 and is not used for R:R or size", () => {
    // risk: 30 (size skipped: no initial risk) ⇒ 30; setup: no valid plan → 40, setup → 100 ⇒ 70
    // execution: capture skipped, fees 1% → 100 ⇒ 100
    const grade = gradeTradeRuleBased({ ...planned, stopLoss: 101, initialRisk: null, rMultiple: null });
    expect(grade).toMatchObject({ riskManagement: 30, setupQuality: 70, execution: 100 });
    expect(grade.improvements[0]).toBe("The stop is on the wrong side of the entry, so it would not limit the loss.");
  });

  it("holding time is judged against the member's usual hold", () => {
    // 3 min against 60: 0.05× → 35; R 1.98 → 100 ⇒ discipline 67.5 → 68
    expect(gradeTradeRuleBased({ ...planned, exitAt: at(3), typicalHoldMinutes: 60 }).discipline).toBe(68);
    // 10 min against 60: 0.17× → 65 ⇒ 82.5 → 83
    expect(gradeTradeRuleBased({ ...planned, exitAt: at(10), typicalHoldMinutes: 60 }).discipline).toBe(83);
    // without a usual hold, an hour-long trade → 80 ⇒ 90
    expect(gradeTradeRuleBased({ ...planned, typicalHoldMinutes: null }).discipline).toBe(90);
  });

  it("fees on a trade with no gross result are all drag; none at all are no drag", () => {
    expect(gradeTradeRuleBased({ ...planned, grossPnl: 0, rMultiple: null, fees: 2 }).execution).toBe(15);
    expect(gradeTradeRuleBased({ ...planned, grossPnl: 0, rMultiple: null, fees: 0 }).execution).toBe(100);
    // no gross P&L and no R: nothing to judge execution on, so it is neutral
    expect(gradeTradeRuleBased({ ...planned, grossPnl: null, rMultiple: null }).execution).toBe(50);
  });

  it("any trade gives a grade within the documented bounds, its letter matching its score", () => {
    const price = fc.double({ min: 0.01, max: 10_000, noNaN: true });
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
    fc.assert(
      fc.property(
        fc.record({
          direction: fc.constantFrom("long" as const, "short" as const),
          entryPrice: price,
          stopLoss: maybe(price),
          takeProfit: maybe(price),
          holdMs: fc.integer({ min: 0, max: 90 * 86_400_000 }),
          fees: fc.double({ min: 0, max: 1_000, noNaN: true }),
          grossPnl: maybe(fc.double({ min: -1e6, max: 1e6, noNaN: true })),
          initialRisk: maybe(fc.double({ min: 0, max: 1e5, noNaN: true })),
          rMultiple: maybe(fc.double({ min: -100, max: 100, noNaN: true })),
          notes: fc.string({ maxLength: 100 }),
          hasSetup: fc.boolean(),
          emotions: fc.array(fc.string({ minLength: 1, maxLength: 5 }), { maxLength: 3 }),
          accountBalance: maybe(fc.double({ min: -1e6, max: 1e7, noNaN: true })),
          typicalHoldMinutes: maybe(fc.double({ min: 0, max: 1e5, noNaN: true })),
        }),
        ({ holdMs, ...t }) => {
          const grade = gradeTradeRuleBased({ ...t, entryAt: at(0), exitAt: new Date(at(0).getTime() + holdMs) });
          for (const value of [
            grade.score,
            grade.setupQuality,
            grade.riskManagement,
            grade.execution,
            grade.discipline,
            grade.psychology,
          ]) {
            expect(Number.isInteger(value) && value >= 0 && value <= 100).toBe(true);
          }
          expect(grade.grade).toBe(letterFor(grade.score));
          expect(grade.strengths.length).toBeLessThanOrEqual(5);
          expect(grade.improvements.length).toBeLessThanOrEqual(5);
          expect([...grade.strengths, ...grade.improvements].every((s) => s.length > 0 && s.length <= 200)).toBe(true);
          expect(grade.summary.length).toBeLessThanOrEqual(600);
        },
      ),
    );
  });
});

describe("letterFor and plannedRewardRisk", () => {
  it("letters follow school bands", () => {
    expect([100, 90, 89, 80, 79, 70, 69, 60, 59, 0].map(letterFor)).toEqual([
      "A",
      "A",
      "B",
      "B",
      "C",
      "C",
      "D",
      "D",
      "F",
      "F",
    ]);
  });

  it("reward-to-risk from target and stop, on either side", () => {
    expect(plannedRewardRisk({ direction: "long", entryPrice: 100, stopLoss: 98, takeProfit: 105 })).toBe(2.5);
    expect(plannedRewardRisk({ direction: "short", entryPrice: 50, stopLoss: 52, takeProfit: 47 })).toBe(1.5);
    expect(plannedRewardRisk({ direction: "long", entryPrice: 100, stopLoss: 98, takeProfit: 99 })).toBeNull();
    expect(plannedRewardRisk({ direction: "long", entryPrice: 100, stopLoss: null, takeProfit: 105 })).toBeNull();
  });
});
