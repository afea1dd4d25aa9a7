// One call to the large model with the grade_trade tool forced. Every call is recorded in AiCall,
// and every failure comes back as a reason (never thrown) so the caller can fall back to the rules.
import OpenAI from "openai";
import { type AiOutcome, describeAiError, recordAiCall } from "../ai/calls.ts";
import type { MemberContext } from "../journal/accounts.handler.ts";
import type { GradingFacts } from "./facts.ts";
import { GRADE_TOOL, GRADE_TOOL_NAME, GradeArgumentsSchema } from "./grade.schema.ts";
import { gradingMessages } from "./prompt.ts";
import type { GradeResult } from "./rule-based.ts";

export type ModelGrade =
  { ok: true; grade: GradeResult } | { ok: false; outcome: Exclude<AiOutcome, "ok">; reason: string };

// Enough for five strengths, five improvements and a summary at their limits, with room to spare.
const MAX_COMPLETION_TOKENS = 1_500;

function failureOf(error: unknown, timedOut: boolean): { outcome: "timeout" | "error"; reason: string } {
  if (error instanceof OpenAI.APIConnectionTimeoutError || (timedOut && error instanceof OpenAI.APIUserAbortError)) {
    return { outcome: "timeout", reason: "the model did not answer in time" };
  }
  return { outcome: "error", reason: describeAiError(error) };
}

/** Asks the configured large model to grade the trade; the client must be configured. */
export async function gradeWithModel(ctx: MemberContext, client: OpenAI, facts: GradingFacts): Promise<ModelGrade> {
  const model = ctx.ai.models.large;
  const timeoutMs = ctx.ai.gradingTimeoutMs;
  const started = performance.now();
  // The SDK's `timeout` bounds each attempt; the signal bounds the whole call, retries included.
  const signal = AbortSignal.timeout(timeoutMs);
  const base = { requestId: ctx.requestId, userId: ctx.user.id, feature: "grading" as const, model };
  let completion: OpenAI.Chat.Completions.ChatCompletion;
  try {
    completion = await client.chat.completions.create(
      {
        model,
        messages: gradingMessages(facts),
        tools: [GRADE_TOOL],
        tool_choice: { type: "function", function: { name: GRADE_TOOL_NAME } },
        temperature: 0.2,
        max_completion_tokens: MAX_COMPLETION_TOKENS,
      },
      { timeout: timeoutMs, signal },
    );
  } catch (error) {
    const failure = failureOf(error, signal.aborted);
    const providerRequestId = error instanceof OpenAI.APIError ? (error.requestID ?? null) : null;
    await recordAiCall(ctx, {
      ...base,
      durationMs: performance.now() - started,
      outcome: failure.outcome,
      error: failure.reason,
    });
    return {
      ok: false,
      ...failure,
      reason: providerRequestId ? `${failure.reason} (provider request ${providerRequestId})` : failure.reason,
    };
  }

  const durationMs = performance.now() - started;
  const usage = {
    promptTokens: completion.usage?.prompt_tokens ?? 0,
    completionTokens: completion.usage?.completion_tokens ?? 0,
  };
  const choice = completion.choices[0];
  const calls = (choice?.message.tool_calls ?? []).filter((c) => c.type === "function");
  const fail = async (outcome: "refusal" | "invalid", reason: string): Promise<ModelGrade> => {
    await recordAiCall(ctx, { ...base, ...usage, durationMs, toolCalls: calls.length, outcome, error: reason });
    return { ok: false, outcome, reason };
  };

  if (choice?.message.refusal || choice?.finish_reason === "content_filter")
    return fail("refusal", "the model refused to grade");
  const call = calls.find((c) => c.function.name === GRADE_TOOL_NAME);
  if (!call)
    return fail(
      "invalid",
      choice ? `no ${GRADE_TOOL_NAME} call (finish reason ${choice.finish_reason})` : "no choices in the answer",
    );
  let json: unknown;
  try {
    json = JSON.parse(call.function.arguments);
  } catch {
    return fail("invalid", `${GRADE_TOOL_NAME} arguments are not JSON`);
  }
  const parsed = GradeArgumentsSchema.safeParse(json);
  if (!parsed.success) {
    // Field paths only: the values are the model's text.
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".") || "(root)"))].slice(0, 5).join(", ");
    return fail("invalid", `${GRADE_TOOL_NAME} arguments do not fit the schema (${fields})`);
  }
  await recordAiCall(ctx, { ...base, ...usage, durationMs, toolCalls: calls.length, outcome: "ok" });
  return { ok: true, grade: { ...parsed.data, model } };
}
