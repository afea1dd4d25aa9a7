// What a test can script the OpenAI stub to answer, and the checks that keep a typo in a script
// (say `toolcalls`) from silently turning into the default answer. Shared by the in-process API
// and the HTTP control API, so both refuse the same mistakes with the same message.

/** A tool call the stub answers with. */
export interface ScriptedToolCall {
  name: string;
  /**
   * An object (or any JSON value) is sent as its JSON text; a string is sent as it is, which is
   * how a test sends malformed arguments. Default `{}`.
   */
  arguments?: unknown;
  /** Default `call_stub_<n>`, counted per server. */
  id?: string;
}

/** An error the stub answers with, in OpenAI's `{ error: { message, type, param, code } }` shape. */
export interface ScriptedError {
  /** 400–599. The SDK retries 408, 409, 429 and 5xx (`maxRetries`, default 2). */
  status: number;
  message: string;
  /** Default by status: `invalid_request_error`, `authentication_error`, `rate_limit_exceeded`, `server_error`... */
  type?: string;
  code?: string | null;
  param?: string | null;
  /** Seconds, sent as `Retry-After`. A 429 without it says 1. */
  retryAfter?: number;
  /** Extra response headers, e.g. `{ "retry-after-ms": "10" }` to keep SDK retries fast. */
  headers?: Record<string, string>;
}

/** Token counts to report instead of the stub's estimate (missing ones are estimated; total is their sum unless given). */
export interface ScriptedUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
}

export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter";

/**
 * One answer of the stub. Combine freely: `{ text, delayMs }`, `{ toolCalls, usage }`,
 * `{ error, delayMs }`... Exactly one of text/chunks, toolCalls (optionally with text), refusal,
 * error or hangUp says what is answered; `{}` alone (or only delays) gives the default answer.
 */
export interface ScriptedResponse {
  text?: string;
  /** How a streamed answer is cut (default: a chunk per word). Without `text`, the text is their concatenation. */
  chunks?: string[];
  toolCalls?: ScriptedToolCall[];
  refusal?: string;
  error?: ScriptedError;
  /** Destroy the socket without answering (after `delayMs`). The SDK sees a connection error and retries it. */
  hangUp?: boolean;
  /** Streams only: destroy the socket after this many `data:` chunks (the first carries only the role). */
  hangUpAfterChunks?: number;
  /** Wait before answering (headers included), e.g. beyond the client's `timeout` (which the SDK retries too). */
  delayMs?: number;
  /** Streams only: wait between chunks. */
  chunkDelayMs?: number;
  usage?: ScriptedUsage;
  /** Default: `tool_calls` with tool calls, `length` when the text exceeds the request's max tokens, else `stop`. */
  finishReason?: FinishReason;
  /**
   * Queue entries only: taken only by a request whose JSON body contains this text, so tests
   * running in parallel against one stub (e2e) each get their own answers.
   */
  match?: string;
}

/** Thrown (in process) or answered as a 400 (over HTTP) for a script the stub cannot follow. */
export class ScriptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScriptError";
  }
}

const KEYS = new Set([
  "text",
  "chunks",
  "toolCalls",
  "refusal",
  "error",
  "hangUp",
  "hangUpAfterChunks",
  "delayMs",
  "chunkDelayMs",
  "usage",
  "finishReason",
  "match",
]);
const FINISH_REASONS = new Set(["stop", "length", "tool_calls", "content_filter"]);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX_DELAY_MS = 10 * 60_000;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function check(condition: boolean, where: string, message: string): asserts condition {
  if (!condition) throw new ScriptError(`${where}: ${message}`);
}

function checkCount(value: unknown, where: string, max: number) {
  check(
    typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= max,
    where,
    `must be a whole number from 0 to ${max}`,
  );
}

/** Checks one scripted response (from a test or the control API) and returns it typed. */
export function parseScriptedResponse(value: unknown, where = "response"): ScriptedResponse {
  check(isObject(value), where, "must be an object");
  for (const key of Object.keys(value))
    check(KEYS.has(key), `${where}.${key}`, `unknown field (known: ${[...KEYS].join(", ")})`);
  const { text, chunks, toolCalls, refusal, error, hangUp, usage, finishReason, match } = value;
  if (text !== undefined) check(typeof text === "string", `${where}.text`, "must be a string");
  if (chunks !== undefined) {
    check(
      Array.isArray(chunks) && chunks.every((c) => typeof c === "string"),
      `${where}.chunks`,
      "must be an array of strings",
    );
    check(
      text === undefined || text === chunks.join(""),
      `${where}.chunks`,
      "must add up to `text` when both are given",
    );
  }
  if (toolCalls !== undefined) {
    check(Array.isArray(toolCalls) && toolCalls.length > 0, `${where}.toolCalls`, "must be a non-empty array");
    toolCalls.forEach((call: unknown, i) => {
      const at = `${where}.toolCalls[${i}]`;
      check(isObject(call), at, "must be an object");
      check(
        typeof call.name === "string" && TOOL_NAME.test(call.name),
        `${at}.name`,
        "must be 1-64 letters, digits, _ or -",
      );
      check(
        call.id === undefined || (typeof call.id === "string" && call.id !== ""),
        `${at}.id`,
        "must be a non-empty string",
      );
      for (const key of Object.keys(call))
        check(["name", "arguments", "id"].includes(key), `${at}.${key}`, "unknown field");
    });
  }
  if (refusal !== undefined) {
    check(typeof refusal === "string", `${where}.refusal`, "must be a string");
    check(
      text === undefined && chunks === undefined && toolCalls === undefined,
      `${where}.refusal`,
      "comes alone (no text or tool calls)",
    );
  }
  if (error !== undefined) {
    const at = `${where}.error`;
    check(isObject(error), at, "must be an object");
    check(
      typeof error.status === "number" && Number.isInteger(error.status) && error.status >= 400 && error.status <= 599,
      `${at}.status`,
      "must be 400-599",
    );
    check(typeof error.message === "string", `${at}.message`, "must be a string");
    for (const key of ["type", "code", "param"] as const) {
      check(
        error[key] === undefined || error[key] === null || typeof error[key] === "string",
        `${at}.${key}`,
        "must be a string",
      );
    }
    if (error.retryAfter !== undefined) checkCount(error.retryAfter, `${at}.retryAfter`, 3600);
    if (error.headers !== undefined) {
      check(
        isObject(error.headers) && Object.values(error.headers).every((h) => typeof h === "string"),
        `${at}.headers`,
        "must map names to strings",
      );
    }
    check(
      text === undefined && chunks === undefined && toolCalls === undefined && refusal === undefined,
      at,
      "comes alone (no text, tool calls or refusal)",
    );
  }
  if (hangUp !== undefined) check(typeof hangUp === "boolean", `${where}.hangUp`, "must be a boolean");
  for (const key of ["delayMs", "chunkDelayMs"] as const)
    if (value[key] !== undefined) checkCount(value[key], `${where}.${key}`, MAX_DELAY_MS);
  if (value.hangUpAfterChunks !== undefined) checkCount(value.hangUpAfterChunks, `${where}.hangUpAfterChunks`, 100_000);
  if (usage !== undefined) {
    check(isObject(usage), `${where}.usage`, "must be an object");
    for (const [key, count] of Object.entries(usage)) {
      check(
        ["prompt_tokens", "completion_tokens", "total_tokens"].includes(key),
        `${where}.usage.${key}`,
        "unknown field",
      );
      checkCount(count, `${where}.usage.${key}`, 10_000_000);
    }
  }
  if (finishReason !== undefined) {
    check(
      typeof finishReason === "string" && FINISH_REASONS.has(finishReason),
      `${where}.finishReason`,
      `must be one of ${[...FINISH_REASONS].join(", ")}`,
    );
  }
  if (match !== undefined)
    check(typeof match === "string" && match !== "", `${where}.match`, "must be a non-empty string");
  return value as ScriptedResponse;
}
