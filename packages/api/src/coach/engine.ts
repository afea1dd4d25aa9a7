// One answer of the coach as an async generator: tokens as they stream, tool activity, then a
// final event. coach.send drains it; coach.stream yields it to the client. Everything that can
// cost money or hold a member's data is decided here: rate limit, quota, budget, tool scope.
import { addBreadcrumb } from "@tradecraft/config";
import type { Prisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import type OpenAI from "openai";
import { APIConnectionTimeoutError, APIUserAbortError } from "openai";
import type { ChatCompletionMessageParam, ChatCompletionMessageToolCall } from "openai/resources/chat/completions";
import { type AiOutcome, describeAiError, recordAiCall } from "../ai/calls.ts";
import type { MemberContext } from "../journal/accounts.handler.ts";
import { analyticsSummary } from "../journal/analytics.handler.ts";
import { localTime } from "../journal/domain/time-zone.ts";
import { checkImageUpload } from "../media/image.ts";
import { enforceRateLimits } from "../rate-limit.ts";
import { fieldError } from "../trpc.ts";
import { consumeQuota, MESSAGE_UNITS, releaseQuota } from "../usage/quota.ts";
import { expiryAfter, requireConversation } from "./conversations.handler.ts";
import { deleteCoachImage, storeCoachImage } from "./images.ts";
import {
  buildModelMessages,
  describeSummary,
  estimateMessagesTokens,
  estimateTokens,
  type MemberFacts,
  selectHistory,
} from "./messages.ts";
import { COMPLEXITY_LIMIT_ANSWER, PRO_TOOL_HINT } from "./prompts.ts";
import { sanitizeUserMessage } from "./sanitize.ts";
import type { SendMessageInput } from "./schemas.ts";
import { COACH_TOOLS, runCoachTool } from "./tools.ts";
import { cutText } from "../validation/text.ts";

/** Tool calls one answer may make before the coach gives the complexity-limit answer. */
export const MAX_TOOL_CALLS = 5;
const MODE = {
  quick: { maxTokens: 400, tools: false, note: "a short answer of a few sentences." },
  enhanced: {
    maxTokens: 1500,
    tools: true,
    note: "a detailed answer; use the tools to look at the member's trades and statistics when useful.",
  },
} as const;
// The tool definitions are part of every enhanced prompt.
const TOOLS_TOKENS = estimateTokens(JSON.stringify(COACH_TOOLS));
/** The share of the token budget the history may take. */
const HISTORY_SHARE = 0.4;
const UNAVAILABLE = "The coach could not answer just now. Please try again in a moment.";

export interface CoachUsage {
  promptTokens: number;
  completionTokens: number;
  toolCalls: number;
}

export type CoachOutcome = "ok" | "budget" | "refusal" | "statistics";

/** What the engine yields: streamed text, a tool being used, and once, the finished answer. */
export type CoachEvent =
  | { type: "token"; text: string }
  | { type: "tool"; name: string }
  | {
      type: "done";
      messageId: string;
      /** The answer as saved: replaces the streamed text (it differs when a limit was reached). */
      answer: string;
      outcome: CoachOutcome;
      model: string | null;
      usage: CoachUsage;
      /** A Pro tool was refused: the page offers the upgrade. */
      upgradeHint: boolean;
      /** Message units used in this conversation after this answer, when charged. */
      messageUnits: { used: number; limit: number } | null;
    };

type ToolLog = { name: string; arguments: string; ok: boolean }[];

interface Draft {
  answer: string;
  outcome: CoachOutcome;
  model: string | null;
  usage: CoachUsage;
  tools: ToolLog;
  upgradeHint: boolean;
}

async function memberFacts(ctx: MemberContext): Promise<MemberFacts> {
  const [profile, summary] = await Promise.all([
    ctx.prisma.profile.findUnique({ where: { userId: ctx.user.id }, select: { coachStyle: true, timeZone: true } }),
    analyticsSummary(ctx, {}),
  ]);
  const timeZone = profile?.timeZone ?? "UTC";
  return {
    coachStyle: profile?.coachStyle ?? "concise",
    timeZone,
    today: localTime(new Date(), timeZone).day,
    summary,
  };
}

function decodeImage(image: SendMessageInput["image"]): Uint8Array | null {
  if (image === undefined) return null;
  return typeof image === "string" ? new Uint8Array(Buffer.from(image, "base64")) : image;
}

/** The honest answer without a model: the member's statistics, labelled as such. */
export function statisticsOnlyAnswer(facts: MemberFacts): string {
  return `AI coaching is not configured on this server, so this is not a coached answer; here are your statistics: ${describeSummary(facts.summary)}.`;
}

interface StreamedCall {
  text: string;
  refusal: string;
  toolCalls: ChatCompletionMessageToolCall[];
  promptTokens: number | null;
  completionTokens: number | null;
}

/** One streamed model call; yields text deltas, returns what the call produced. */
async function* streamCall(
  client: OpenAI,
  body: OpenAI.Chat.Completions.ChatCompletionCreateParamsStreaming,
  signal: AbortSignal,
): AsyncGenerator<string, StreamedCall> {
  const stream = await client.chat.completions.create(body, { signal });
  const result: StreamedCall = { text: "", refusal: "", toolCalls: [], promptTokens: null, completionTokens: null };
  const calls = new Map<number, { id: string; name: string; arguments: string }>();
  for await (const chunk of stream) {
    if (chunk.usage) {
      result.promptTokens = chunk.usage.prompt_tokens;
      result.completionTokens = chunk.usage.completion_tokens;
    }
    const delta = chunk.choices[0]?.delta;
    if (!delta) continue;
    if (delta.content) {
      result.text += delta.content;
      yield delta.content;
    }
    if (delta.refusal) result.refusal += delta.refusal;
    for (const part of delta.tool_calls ?? []) {
      const call = calls.get(part.index) ?? { id: "", name: "", arguments: "" };
      if (part.id) call.id = part.id;
      if (part.function?.name) call.name += part.function.name;
      if (part.function?.arguments) call.arguments += part.function.arguments;
      calls.set(part.index, call);
    }
  }
  result.toolCalls = [...calls.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, c]) => ({
      id: c.id || `call_${index}`,
      type: "function",
      function: { name: c.name, arguments: c.arguments },
    }));
  return result;
}

/**
 * The model conversation for one answer: streams text, runs tools (enhanced), and stops with
 * the complexity-limit answer at the token budget or the tool-call cap.
 */
async function* answerWithModel(
  ctx: MemberContext,
  client: OpenAI,
  messages: ChatCompletionMessageParam[],
  options: { mode: "quick" | "enhanced"; model: string; signal: AbortSignal },
): AsyncGenerator<CoachEvent, Draft> {
  const mode = MODE[options.mode];
  const draft: Draft = {
    answer: "",
    outcome: "ok",
    model: options.model,
    usage: { promptTokens: 0, completionTokens: 0, toolCalls: 0 },
    tools: [],
    upgradeHint: false,
  };
  let spent = 0;
  const record = (outcome: AiOutcome, startedAt: number, call: Partial<StreamedCall> = {}, error?: unknown) =>
    recordAiCall(ctx, {
      requestId: ctx.requestId,
      userId: ctx.user.id,
      feature: "coach",
      model: options.model,
      promptTokens: call.promptTokens ?? 0,
      completionTokens: call.completionTokens ?? 0,
      durationMs: performance.now() - startedAt,
      toolCalls: call.toolCalls?.length ?? 0,
      outcome,
      ...(error === undefined ? {} : { error: describeAiError(error) }),
    });
  const stopAtLimit = async (reason: "tokens" | "tool_calls", startedAt: number, call?: StreamedCall) => {
    ctx.logger.warn(
      {
        event: "coach_budget",
        reason,
        spentTokens: spent,
        budget: ctx.ai.tokenBudget,
        toolCalls: draft.usage.toolCalls,
      },
      "coach answer stopped at its limit",
    );
    await record("budget", startedAt, call);
    return { ...draft, answer: COMPLEXITY_LIMIT_ANSWER, outcome: "budget" as const };
  };

  for (;;) {
    const startedAt = performance.now();
    const estimate = estimateMessagesTokens(messages) + (mode.tools ? TOOLS_TOKENS : 0) + mode.maxTokens;
    if (spent + estimate > ctx.ai.tokenBudget) return await stopAtLimit("tokens", startedAt);
    let call: StreamedCall;
    try {
      const stream = streamCall(
        client,
        {
          model: options.model,
          messages,
          stream: true,
          stream_options: { include_usage: true },
          max_completion_tokens: mode.maxTokens,
          ...(mode.tools ? { tools: COACH_TOOLS, tool_choice: "auto" as const } : {}),
        },
        options.signal,
      );
      let next = await stream.next();
      while (!next.done) {
        yield { type: "token", text: next.value };
        next = await stream.next();
      }
      call = next.value;
    } catch (error) {
      const timedOut =
        error instanceof APIConnectionTimeoutError ||
        (error instanceof APIUserAbortError &&
          options.signal.reason instanceof DOMException &&
          options.signal.reason.name === "TimeoutError");
      await record(timedOut ? "timeout" : "error", startedAt, {}, error);
      throw error;
    }
    const promptTokens = call.promptTokens ?? estimateMessagesTokens(messages);
    const completionTokens = call.completionTokens ?? estimateTokens(call.text + call.refusal);
    spent += promptTokens + completionTokens;
    draft.usage.promptTokens += promptTokens;
    draft.usage.completionTokens += completionTokens;

    if (call.refusal && !call.text) {
      await record("refusal", startedAt, call);
      return { ...draft, answer: call.refusal, outcome: "refusal" };
    }
    if (!mode.tools || call.toolCalls.length === 0) {
      await record("ok", startedAt, call);
      draft.answer += call.text;
      return draft;
    }
    if (draft.usage.toolCalls + call.toolCalls.length > MAX_TOOL_CALLS)
      return await stopAtLimit("tool_calls", startedAt, call);
    await record("ok", startedAt, call);
    draft.answer += call.text;
    messages.push({ role: "assistant", content: call.text || null, tool_calls: call.toolCalls });
    for (const toolCall of call.toolCalls) {
      if (toolCall.type !== "function") continue;
      yield { type: "tool", name: cutText(toolCall.function.name, 64) };
      const result = await runCoachTool(ctx, toolCall.function.name, toolCall.function.arguments);
      if (result.needsPro) draft.upgradeHint = true;
      // Cut by code points: half a surrogate pair in the stored JSON is refused by PostgreSQL.
      draft.tools.push({
        name: cutText(toolCall.function.name, 64),
        arguments: cutText(toolCall.function.arguments, 500),
        ok: result.ok,
      });
      messages.push({ role: "tool", tool_call_id: toolCall.id, content: result.content });
    }
    draft.usage.toolCalls += call.toolCalls.length;
  }
}

/** One answer of the coach to a member's message (see the file header); the last event is "done". */
export async function* coachAnswer(
  ctx: MemberContext,
  input: SendMessageInput,
  signal?: AbortSignal,
): AsyncGenerator<CoachEvent, void> {
  const conversation = await requireConversation(ctx, input.conversationId);
  await enforceRateLimits(ctx, [["coachMessage", ctx.user.id]]);
  addBreadcrumb({
    category: "coach",
    message: "coach message sent",
    data: { conversationId: conversation.id, hasImage: Boolean(input.image) },
  });
  const text = sanitizeUserMessage(input.text);
  const rawImage = decodeImage(input.image);
  if (!text && !rawImage) throw fieldError("text", "Write a message for the coach.");
  const image = rawImage ? await checkImageUpload(rawImage) : null;
  const sentAt = new Date();
  const facts = await memberFacts(ctx);
  const client = ctx.ai.client;

  let draft: Draft;
  let imageKey: string | null = null;
  let messageUnits: { used: number; limit: number } | null = null;
  if (!client) {
    draft = {
      answer: statisticsOnlyAnswer(facts),
      outcome: "statistics",
      model: null,
      usage: { promptTokens: 0, completionTokens: 0, toolCalls: 0 },
      tools: [],
      upgradeHint: false,
    };
    yield { type: "token", text: draft.answer };
    if (image) imageKey = await storeCoachImage(ctx, image);
  } else {
    const units = MESSAGE_UNITS[input.mode];
    const quota = { kind: "messages" as const, units, scope: conversation.id };
    messageUnits = await consumeQuota(ctx, quota);
    const deadline = AbortSignal.timeout(ctx.ai.coachTimeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    try {
      if (image) imageKey = await storeCoachImage(ctx, image);
      const history = await ctx.prisma.conversationMessage.findMany({
        where: { conversationId: conversation.id },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: 40,
        select: { role: true, content: true, imageKey: true },
      });
      const messages = buildModelMessages(
        facts,
        selectHistory(
          history.reverse().map((m) => ({ role: m.role, content: m.content, hasImage: m.imageKey !== null })),
          Math.floor(ctx.ai.tokenBudget * HISTORY_SHARE),
        ),
        {
          text,
          imageDataUrl: image
            ? `data:${image.contentType};base64,${Buffer.from(image.bytes).toString("base64")}`
            : undefined,
        },
        MODE[input.mode].note,
      );
      // Images need the vision-capable large model, whatever the mode.
      const model = input.mode === "enhanced" || image ? ctx.ai.models.large : ctx.ai.models.small;
      draft = yield* answerWithModel(ctx, client, messages, { mode: input.mode, model, signal: combined });
    } catch (error) {
      await releaseQuota(ctx, quota);
      if (imageKey) await deleteCoachImage(ctx, imageKey);
      if (error instanceof TRPCError) throw error;
      if (signal?.aborted)
        throw new TRPCError({ code: "CLIENT_CLOSED_REQUEST", message: "The request was cancelled.", cause: error });
      ctx.logger.warn({ event: "coach_failed", err: { message: describeAiError(error) } }, "coach answer failed");
      throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: UNAVAILABLE, cause: error });
    }
  }

  if (draft.upgradeHint && !draft.answer.includes(PRO_TOOL_HINT))
    draft.answer = `${draft.answer.trimEnd()}\n\n${PRO_TOOL_HINT}`.trim();
  const answeredAt = new Date(Math.max(Date.now(), sentAt.getTime() + 1));
  const [, saved] = await ctx.prisma.$transaction([
    ctx.prisma.conversationMessage.create({
      data: {
        conversationId: conversation.id,
        role: "user",
        content: text,
        mode: input.mode,
        imageKey,
        createdAt: sentAt,
      },
      select: { id: true },
    }),
    ctx.prisma.conversationMessage.create({
      data: {
        conversationId: conversation.id,
        role: "assistant",
        content: draft.answer,
        mode: input.mode,
        model: draft.model,
        promptTokens: draft.usage.promptTokens,
        completionTokens: draft.usage.completionTokens,
        toolCalls: draft.tools.length ? (draft.tools as Prisma.InputJsonValue) : undefined,
        createdAt: answeredAt,
      },
      select: { id: true },
    }),
    ctx.prisma.conversation.update({
      where: { id: conversation.id },
      data: {
        lastActivityAt: answeredAt,
        expiresAt: expiryAfter(answeredAt),
        ...(conversation.title === "New conversation" && text ? { title: titleFrom(text) } : {}),
      },
      select: { id: true },
    }),
  ]);
  yield {
    type: "done",
    messageId: saved.id,
    answer: draft.answer,
    outcome: draft.outcome,
    model: draft.model,
    usage: draft.usage,
    upgradeHint: draft.upgradeHint,
    messageUnits,
  };
}

/** A conversation's title from its first message: the first line, at most 60 characters. */
export function titleFrom(text: string): string {
  const line = text.split("\n")[0]!.trim();
  // By code points: an emoji astride the cut would leave half a surrogate pair, which the database refuses.
  return cutText(line, 60) === line ? line : `${cutText(line, 59).trimEnd()}…`;
}

/** Drains the engine and returns its final event (coach.send). */
export async function coachAnswerComplete(ctx: MemberContext, input: SendMessageInput, signal?: AbortSignal) {
  for await (const event of coachAnswer(ctx, input, signal)) if (event.type === "done") return event;
  throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "The coach ended without an answer." });
}
