import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";

// NIST SP 800-63B: length and resistance to guessing, not composition rules.
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
/** zxcvbn's score 3: "safely unguessable: moderate protection from offline slow-hash scenario". */
export const PASSWORD_MIN_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
const estimator = () =>
  (factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  }));

export interface PasswordVerdict {
  ok: boolean;
  /** 0 (guessable) to 4 (very strong); 0 when the length alone fails. */
  score: number;
  /** Why it is refused, in a sentence a member can act on. */
  problems: string[];
  suggestions: string[];
}

/**
 * Judges a new password: 12–256 characters and a zxcvbn score of at least 3, with the
 * member's email and name counted as guessable words.
 */
export function checkPassword(
  password: string,
  context: { email?: string; displayName?: string } = {},
): PasswordVerdict {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return { ok: false, score: 0, problems: [`Use at least ${PASSWORD_MIN_LENGTH} characters.`], suggestions: [] };
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return { ok: false, score: 0, problems: [`Use at most ${PASSWORD_MAX_LENGTH} characters.`], suggestions: [] };
  }
  const local = context.email?.split("@")[0];
  const userInputs = [
    context.email,
    local,
    ...(local?.split(/[._+-]/) ?? []),
    context.displayName,
    ...(context.displayName?.split(/\s+/) ?? []),
    // The whole name run together ("averyquinnfill") is as guessable as its words.
    context.displayName?.replace(/\s+/g, ""),
  ]
    .filter((word): word is string => !!word && word.length > 2)
    .map((word) => word.toLowerCase());
  // zxcvbn's cost grows with length; the first 100 characters decide whether it is guessable.
  const result = estimator().check(password.slice(0, 100), userInputs);
  if (result.score >= PASSWORD_MIN_SCORE) return { ok: true, score: result.score, problems: [], suggestions: [] };
  const warning = result.feedback.warning ? `${result.feedback.warning.replace(/\.?$/, ".")} ` : "";
  return {
    ok: false,
    score: result.score,
    problems: [`${warning}This password is too easy to guess: try a longer phrase of unrelated words.`],
    suggestions: result.feedback.suggestions,
  };
}
