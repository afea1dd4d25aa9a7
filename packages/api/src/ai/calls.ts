// The AiCall log: one row per model call, for the admin app's cost and reliability pages.
import { type Logger, noteAiCall } from "@tradecraft/config";
import type { PrismaClient } from "@tradecraft/db";
import OpenAI from "openai";
import { estimateCallCost } from "../admin/ai-pricing.ts";

export type AiFeature = "grading" | "coach" | "market" | "studio";
export type AiOutcome = "ok" | "error" | "timeout" | "refusal" | "invalid" | "budget";

export interface AiCallEntry {
  requestId: string | null;
  userId: string | null;
  feature: AiFeature;
  model: string;
  promptTokens?: number;
  completionTokens?: number;
  durationMs: number;
  toolCalls?: number;
  /** Image calls: how many images were made, at which size and quality (priced per image). */
  image?: { count: number; size: string; quality: string };
  outcome: AiOutcome;
  /** A short description of a failure: the error's class and status, never a prompt or a key. */
  error?: string;
}

/** Writes one AiCall row; a failure to log is logged, never thrown into the feature. */
export async function recordAiCall(ctx: { prisma: PrismaClient; logger: Logger }, entry: AiCallEntry): Promise<void> {
  const [promptTokens, completionTokens] = [entry.promptTokens ?? 0, entry.completionTokens ?? 0];
  noteAiCall({
    ...entry,
    promptTokens,
    completionTokens,
    costUsd: estimateCallCost(entry.model, promptTokens, completionTokens, entry.image),
  });
  try {
    await ctx.prisma.aiCall.create({
      data: {
        requestId: entry.requestId,
        userId: entry.userId,
        feature: entry.feature,
        model: entry.model.slice(0, 100),
        promptTokens: entry.promptTokens ?? 0,
        completionTokens: entry.completionTokens ?? 0,
        durationMs: Math.max(0, Math.round(entry.durationMs)),
        toolCalls: entry.toolCalls ?? 0,
        images: entry.image?.count ?? 0,
        imageSize: entry.image?.size.slice(0, 20) ?? null,
        imageQuality: entry.image?.quality.slice(0, 20) ?? null,
        outcome: entry.outcome,
        error: entry.error?.slice(0, 500) ?? null,
      },
      select: { id: true },
    });
  } catch (error) {
    ctx.logger.error({ err: error, feature: entry.feature, model: entry.model }, "could not record the AI call");
  }
}

/** The OpenAI SDK's error classes, the most specific first, with what AiCall's error column says. */
const SDK_ERRORS: [abstract new (...args: never[]) => Error, string][] = [
  [OpenAI.APIConnectionTimeoutError, "timeout"],
  [OpenAI.APIUserAbortError, "aborted"],
  [OpenAI.APIConnectionError, "connection error"],
  [OpenAI.RateLimitError, "rate limited"],
  [OpenAI.AuthenticationError, "authentication error"],
  [OpenAI.PermissionDeniedError, "permission denied"],
  [OpenAI.BadRequestError, "bad request"],
  [OpenAI.NotFoundError, "not found"],
  [OpenAI.ConflictError, "conflict"],
  [OpenAI.UnprocessableEntityError, "unprocessable"],
  [OpenAI.InternalServerError, "server error"],
  [OpenAI.APIError, "API error"],
];

/** A loggable one-line description of an SDK or network error (kind, status, code). */
export function describeAiError(error: unknown): string {
  if (error && typeof error === "object") {
    const e = error as { name?: string; status?: number; code?: string | null; message?: string };
    // The SDK's error classes leave `name` as "Error" (and a bundle renames the classes): the kind
    // comes from the class itself, the most specific first.
    const kind = SDK_ERRORS.find(([type]) => error instanceof type)?.[1] ?? e.name ?? "Error";
    const parts = [
      kind,
      e.status ? `status ${e.status}` : null,
      typeof e.code === "string" && e.code ? `code ${e.code}` : null,
    ];
    return parts.filter(Boolean).join(" ");
  }
  return String(error).slice(0, 200);
}
