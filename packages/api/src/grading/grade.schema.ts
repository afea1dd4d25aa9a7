// Grading's inputs, the one tool the model must call, and the parser of what it sends back.
import { z } from "zod";
import { IdSchema, safeMultilineText, safeText } from "../validation/text.ts";
import { GRADE_LETTERS, MAX_ITEM_CHARS, MAX_LIST_ITEMS, MAX_SUMMARY_CHARS, SUB_SCORES } from "./rule-based.ts";

const id = IdSchema;

export const GradeTradeInputSchema = z.object({ tradeId: id });
export const GradeHistoryInputSchema = z.object({ tradeId: id });

export const GRADE_TOOL_NAME = "grade_trade";

const subScoreDescriptions: Record<(typeof SUB_SCORES)[number], string> = {
  setupQuality:
    "0-100: was this a planned trade of a defined setup, with a target and stop giving a sensible reward-to-risk?",
  riskManagement: "0-100: a protective stop, and the risk as a share of the account (1-2% is sound).",
  execution: "0-100: entry and exit against the plan (realised R against planned R), fees and slippage drag.",
  discipline:
    "0-100: was the plan followed: stop honoured, no loss beyond 1R, holding time consistent with the plan and the member's habits.",
  psychology: "0-100: self-awareness shown in the notes and recorded emotions: fear, greed, revenge, FOMO, patience.",
};

const score = (description: string) => ({ type: "integer", description });
const list = (description: string) => ({ type: "array", description, items: { type: "string" } });

/**
 * The grade_trade tool for strict structured output: every property required, nothing extra.
 * Length and range limits are stated in the descriptions rather than as maxLength/minimum,
 * which strict mode has not always accepted; GradeArgumentsSchema enforces them.
 */
export const GRADE_TOOL = {
  type: "function",
  function: {
    name: GRADE_TOOL_NAME,
    description: "Record the grade of one closed trade from the member's journal.",
    strict: true,
    parameters: {
      type: "object",
      additionalProperties: false,
      required: ["grade", "score", ...SUB_SCORES, "strengths", "improvements", "summary"],
      properties: {
        grade: {
          type: "string",
          enum: [...GRADE_LETTERS],
          description: "Overall letter: A (90-100), B (80-89), C (70-79), D (60-69), F (below 60).",
        },
        score: score("Overall score, an integer from 0 to 100, consistent with the letter."),
        ...Object.fromEntries(SUB_SCORES.map((name) => [name, score(subScoreDescriptions[name])])),
        strengths: list(
          `What the member did well in this trade: 0 to ${MAX_LIST_ITEMS} items, each one sentence of at most ${MAX_ITEM_CHARS} characters.`,
        ),
        improvements: list(
          `What to do differently next time: 0 to ${MAX_LIST_ITEMS} concrete items, each one sentence of at most ${MAX_ITEM_CHARS} characters.`,
        ),
        summary: {
          type: "string",
          description: `A plain-language verdict for the member, at most ${MAX_SUMMARY_CHARS} characters.`,
        },
      },
    },
  },
} as const;

const subScore = z.number().int().min(0).max(100);
const item = safeText().trim().min(1).max(MAX_ITEM_CHARS);

/** The tool call's arguments as the model must send them; anything else is refused as invalid. */
export const GradeArgumentsSchema = z.strictObject({
  grade: z.enum(GRADE_LETTERS),
  score: subScore,
  setupQuality: subScore,
  riskManagement: subScore,
  execution: subScore,
  discipline: subScore,
  psychology: subScore,
  strengths: z.array(item).max(MAX_LIST_ITEMS),
  improvements: z.array(item).max(MAX_LIST_ITEMS),
  summary: safeMultilineText().trim().min(1).max(MAX_SUMMARY_CHARS),
});
export type GradeArguments = z.infer<typeof GradeArgumentsSchema>;
