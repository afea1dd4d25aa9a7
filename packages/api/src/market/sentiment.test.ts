// The baseline sentiment's arithmetic, with every expectation worked out by hand in the comments.
import { describe, expect, it } from "vitest";
import { analyzeTextBaseline, labelOf, marketSentiment, returnOver, scoreText } from "./sentiment.ts";
import type { Bar } from "./types.ts";

const DAY = 86_400_000;
const barsOf = (closes: number[]): Bar[] =>
  closes.map((c, i) => ({ t: i * DAY, o: c, h: c, l: c, c, v: 1000, vw: null, n: null }));

describe("text", () => {
  it("counts bullish and bearish words", () => {
    // surged, record, beat: 3 bullish, 0 bearish → 1
    expect(scoreText("Apple shares surged to a record after earnings beat")).toEqual({
      score: 1,
      positive: ["surged", "record", "beat"],
      negative: [],
    });
    // fell, recession, fears bearish; grow bullish → (1 − 3) / 4
    expect(scoreText("Stocks fell as recession fears grow").score).toBe(-0.5);
  });

  it("flips a negated word and leaves short stems to whole words", () => {
    expect(scoreText("The outlook is not strong")).toEqual({ score: -1, positive: [], negative: ["not strong"] });
    expect(scoreText("Company update on the new office")).toEqual({ score: 0, positive: [], negative: [] });
  });

  it("labels beyond ±0.15 and analyses a member's text as the baseline model", () => {
    expect([labelOf(0.16), labelOf(0.15), labelOf(-0.15), labelOf(-0.16)]).toEqual([
      "bullish",
      "neutral",
      "neutral",
      "bearish",
    ]);
    const analysis = analyzeTextBaseline("Breakout above resistance, strong volume, but I fear a fall");
    // breakout, strong bullish; fear, fall bearish → 0
    expect([analysis.score, analysis.label, analysis.model]).toEqual([0, "neutral", "baseline"]);
    expect([analysis.positive, analysis.negative]).toEqual([
      ["breakout", "strong"],
      ["fear", "fall"],
    ]);
  });
});

describe("price action", () => {
  it("measures returns over closes, null without enough of them", () => {
    expect(returnOver([100, 110], 1)).toBeCloseTo(0.1, 12);
    expect(returnOver([100, 110], 2)).toBeNull();
  });

  it("scores a steady rise as bullish", () => {
    // 16 closes at 100, then 101…105. 5-day: 105/100 − 1 = 5 % → saturates: 0.35.
    // 20-day: 105/100 − 1 = 5 % of a 10 % scale → 0.35 × 0.5 = 0.175.
    // 20-day average (closes 2–21) = (15 × 100 + 515) / 20 = 100.75; 105/100.75 − 1 = 4.2 % > 3 % → 0.3.
    const bars = barsOf([...Array(16).fill(100), 101, 102, 103, 104, 105]);
    const sentiment = marketSentiment(bars, []);
    expect([sentiment.score, sentiment.label, sentiment.model]).toEqual([0.825, "bullish", "baseline"]);
    expect(sentiment.factors.map((f) => [f.name, f.effect])).toEqual([
      ["5-day return", 0.35],
      ["20-day return", 0.175],
      ["Trend (close vs 20-day average)", 0.3],
      ["Headlines", 0],
    ]);
  });

  it("weighs headlines at 30 % against price at 70 %", () => {
    // price 0.825 as above; "Shares plunge" → −1. 0.7 × 0.825 + 0.3 × (−1) = 0.2775
    const sentiment = marketSentiment(barsOf([...Array(16).fill(100), 101, 102, 103, 104, 105]), ["Shares plunge"]);
    expect(sentiment.score).toBeCloseTo(0.2775, 2);
    expect(sentiment.label).toBe("bullish");
    expect(sentiment.factors.at(-1)).toMatchObject({ name: "Headlines", value: -1, effect: -0.3 });
  });

  it("scores a steady fall as bearish", () => {
    // closes 120, 119, … 100. 5-day: 100/105 − 1 = −4.76 % → 0.35 × −0.952 = −0.3333.
    // 20-day: 100/120 − 1 = −16.7 % → saturates: −0.35. Average of 119…100 = 109.5: −8.7 % → −0.3.
    const sentiment = marketSentiment(barsOf(Array.from({ length: 21 }, (_, i) => 120 - i)), []);
    expect([sentiment.score, sentiment.label]).toEqual([-0.983, "bearish"]);
  });

  it("is neutral with nothing to measure, and says why", () => {
    const sentiment = marketSentiment(barsOf([100, 101]), []);
    expect([sentiment.score, sentiment.label]).toEqual([0, "neutral"]);
    expect(sentiment.factors.map((f) => f.detail)).toEqual([
      "Fewer than 6 daily bars",
      "Fewer than 21 daily bars",
      "Fewer than 20 daily bars",
      "No headlines",
    ]);
  });
});
