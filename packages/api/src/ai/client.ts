// The one way to reach a model: the official SDK against OPENAI_BASE_URL (any OpenAI-compatible
// server). Without a key there is no client, and each feature degrades on its own terms.
import { getEnv } from "@tradecraft/config";
import OpenAI from "openai";

/** What the AI features need to call a model; part of every request's context. */
export interface Ai {
  /** Null when no key is configured. */
  client: OpenAI | null;
  models: { large: string; small: string; image: string };
  gradingTimeoutMs: number;
  /** One Studio image call (generation or edit), the SDK's retries included. */
  imageTimeoutMs: number;
  coachTimeoutMs: number;
  /** Total tokens one coach answer may spend across its tool loop. */
  tokenBudget: number;
}

export interface AiOptions {
  apiKey?: string | undefined;
  baseURL?: string | undefined;
  models?: Partial<Ai["models"]>;
  gradingTimeoutMs?: number;
  coachTimeoutMs?: number;
  imageTimeoutMs?: number;
  tokenBudget?: number;
  /** The SDK's own retries of 408/409/429/5xx and connection errors. */
  maxRetries?: number;
}

/** Builds an Ai from explicit options, with the environment's values as defaults. */
export function createAi(options: AiOptions = {}): Ai {
  const env = getEnv();
  const apiKey = "apiKey" in options ? options.apiKey : env.OPENAI_API_KEY;
  const baseURL = "baseURL" in options ? options.baseURL : env.OPENAI_BASE_URL;
  return {
    client: apiKey ? new OpenAI({ apiKey, baseURL, maxRetries: options.maxRetries ?? 2 }) : null,
    models: {
      large: options.models?.large ?? env.OPENAI_MODEL,
      small: options.models?.small ?? env.OPENAI_SMALL_MODEL,
      image: options.models?.image ?? env.OPENAI_IMAGE_MODEL,
    },
    imageTimeoutMs: options.imageTimeoutMs ?? env.AI_IMAGE_TIMEOUT_MS,
    gradingTimeoutMs: options.gradingTimeoutMs ?? env.AI_GRADING_TIMEOUT_MS,
    coachTimeoutMs: options.coachTimeoutMs ?? env.AI_COACH_TIMEOUT_MS,
    tokenBudget: options.tokenBudget ?? env.COACH_TOKEN_BUDGET,
  };
}

let shared: Ai | undefined;

/** The process's Ai, from the environment, built once. */
export function getAi(): Ai {
  shared ??= createAi();
  return shared;
}
