// The baseline sentiment: pure arithmetic over price action and a small finance lexicon, so it
// needs no model, answers the same way every time and can be read and checked by hand. It is a
// description of recent movement and wording, not a forecast; pages label it "baseline".
import type { Bar } from "./types.ts";

export type SentimentLabel = "bullish" | "neutral" | "bearish";

export interface SentimentFactor {
  name: string;
  /** The measured value (a return as a fraction, a text score in [-1, 1]), null when not measurable. */
  value: number | null;
  /** What this factor added to the score. */
  effect: number;
  detail: string;
}

export interface Sentiment {
  score: number;
  label: SentimentLabel;
  model: string;
  factors: SentimentFactor[];
}

/** Scores above this are bullish, below its negative bearish. */
export const LABEL_THRESHOLD = 0.15;
export const BASELINE_MODEL = "baseline";

const clamp = (n: number, lo = -1, hi = 1) => Math.min(hi, Math.max(lo, n));
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const percent = (n: number) => `${n >= 0 ? "+" : ""}${(n * 100).toFixed(1)} %`;

/** bullish / neutral / bearish for a score in [-1, 1]. */
export function labelOf(score: number): SentimentLabel {
  return score > LABEL_THRESHOLD ? "bullish" : score < -LABEL_THRESHOLD ? "bearish" : "neutral";
}

// Word stems, matched at the start of words ("surg" matches surge, surged, surging); stems of up
// to 3 letters only as whole words (+s), so "up" does not match "update".
const POSITIVE = [
  "beat",
  "bull",
  "gain",
  "grow",
  "highe",
  "highs",
  "jump",
  "outperform",
  "profit",
  "rall",
  "rebound",
  "record",
  "rise",
  "rising",
  "rose",
  "soar",
  "strong",
  "surg",
  "upgrade",
  "up",
  "win",
  "boost",
  "optimis",
  "recover",
  "breakout",
  "buy",
];
const NEGATIVE = [
  "bear",
  "crash",
  "cut",
  "declin",
  "downgrade",
  "drop",
  "fall",
  "fell",
  "fear",
  "fraud",
  "lawsuit",
  "loss",
  "lose",
  "misse",
  "plung",
  "recession",
  "sell",
  "slump",
  "slip",
  "sink",
  "tumbl",
  "weak",
  "warn",
  "down",
  "risk",
  "default",
  "bankrupt",
  "layoff",
];
const matches = (word: string, stem: string) =>
  stem.length <= 3 ? word === stem || word === `${stem}s` : word.startsWith(stem);
const NEGATORS = new Set(["not", "no", "never", "without", "isn't", "wasn't", "didn't", "doesn't", "won't"]);

export interface TextScore {
  /** (positive − negative) / (positive + negative), 0 when neither occurs. */
  score: number;
  positive: string[];
  negative: string[];
}

/** The lexicon score of a text: each matching word counts once per occurrence; "not" before it flips it. */
export function scoreText(text: string): TextScore {
  const words = text.toLowerCase().match(/[a-z][a-z']*/g) ?? [];
  const positive: string[] = [];
  const negative: string[] = [];
  words.forEach((word, i) => {
    const isPositive = POSITIVE.some((stem) => matches(word, stem));
    const isNegative = NEGATIVE.some((stem) => matches(word, stem));
    if (isPositive === isNegative) return;
    const negated = i > 0 && NEGATORS.has(words[i - 1]!);
    (isPositive !== negated ? positive : negative).push(negated ? `not ${word}` : word);
  });
  const total = positive.length + negative.length;
  return { score: total === 0 ? 0 : (positive.length - negative.length) / total, positive, negative };
}

/** The baseline analysis of a member's text (a plan, a note, a headline). */
export function analyzeTextBaseline(text: string): Sentiment & { positive: string[]; negative: string[] } {
  const { score, positive, negative } = scoreText(text);
  const words = positive.length + negative.length;
  return {
    score: round(score),
    label: labelOf(score),
    model: BASELINE_MODEL,
    factors: [
      {
        name: "Wording",
        value: round(score),
        effect: round(score),
        detail:
          words === 0
            ? "No bullish or bearish words found"
            : `${positive.length} bullish and ${negative.length} bearish words`,
      },
    ],
    positive: positive.slice(0, 20),
    negative: negative.slice(0, 20),
  };
}

/** The return over the last `days` closes (close / close `days` bars earlier − 1), null without enough bars. */
export function returnOver(closes: number[], days: number): number | null {
  if (closes.length <= days) return null;
  const then = closes[closes.length - 1 - days]!;
  return then > 0 ? closes.at(-1)! / then - 1 : null;
}

// Weights: a 5 % week or a 10 % month saturates its factor; the price side outweighs headlines.
const W5 = 0.35;
const W20 = 0.35;
const WTREND = 0.3;
const NEWS_SHARE = 0.3;

/**
 * Sentiment from daily bars (oldest first) and headlines: the 5-day and 20-day returns, the last
 * close against its 20-day average, and the headlines' lexicon score. Missing inputs contribute
 * nothing and are named in the factors.
 */
export function marketSentiment(bars: Bar[], headlines: string[]): Sentiment {
  const closes = bars.map((b) => b.c);
  const r5 = returnOver(closes, 5);
  const r20 = returnOver(closes, 20);
  const last20 = closes.slice(-20);
  const sma20 = last20.length === 20 ? last20.reduce((a, b) => a + b, 0) / 20 : null;
  const trend = sma20 ? closes.at(-1)! / sma20 - 1 : null;
  const priceFactors: SentimentFactor[] = [
    {
      name: "5-day return",
      value: r5,
      effect: r5 === null ? 0 : W5 * clamp(r5 / 0.05),
      detail: r5 === null ? "Fewer than 6 daily bars" : percent(r5),
    },
    {
      name: "20-day return",
      value: r20,
      effect: r20 === null ? 0 : W20 * clamp(r20 / 0.1),
      detail: r20 === null ? "Fewer than 21 daily bars" : percent(r20),
    },
    {
      name: "Trend (close vs 20-day average)",
      value: trend,
      effect: trend === null ? 0 : WTREND * clamp(trend / 0.03),
      detail:
        trend === null
          ? "Fewer than 20 daily bars"
          : `${trend >= 0 ? "Above" : "Below"} the 20-day average by ${percent(Math.abs(trend)).slice(1)}`,
    },
  ];
  const price = priceFactors.reduce((sum, f) => sum + f.effect, 0);
  const text = scoreText(headlines.join(" \n "));
  const hasNews = headlines.length > 0;
  const score = clamp(hasNews ? (1 - NEWS_SHARE) * price + NEWS_SHARE * text.score : price);
  const factors = [
    ...priceFactors.map((f) => ({
      ...f,
      value: f.value === null ? null : round(f.value, 4),
      effect: round(hasNews ? (1 - NEWS_SHARE) * f.effect : f.effect),
    })),
    {
      name: "Headlines",
      value: hasNews ? round(text.score) : null,
      effect: hasNews ? round(NEWS_SHARE * text.score) : 0,
      detail: hasNews
        ? `${headlines.length} headlines: ${text.positive.length} bullish and ${text.negative.length} bearish words`
        : "No headlines",
    },
  ];
  return { score: round(score), label: labelOf(score), model: BASELINE_MODEL, factors };
}
