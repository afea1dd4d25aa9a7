// The Chat Completions protocol as the stub speaks it, free of I/O: the request checks OpenAI
// makes (so an app that sends what OpenAI would refuse fails here too), and the completion and
// chunk bodies the official SDK reads. Shapes follow https://platform.openai.com/docs/api-reference/chat.
import { createHash } from "node:crypto";
import type { FinishReason, ScriptedResponse } from "./openai-stub-script.ts";

/** A chat message as sent by the client (only the fields the stub reads are typed). */
export interface ChatMessage {
  role: "system" | "developer" | "user" | "assistant" | "tool" | "function";
  content?: string | ContentPart[] | null;
  tool_calls?: { id: string; type: "function"; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
  [key: string]: unknown;
}

export interface ContentPart {
  type: string;
  text?: string;
  image_url?: { url: string; detail?: string };
  [key: string]: unknown;
}

export interface ChatTool {
  type: "function";
  function: { name: string; description?: string; parameters?: JsonSchema; strict?: boolean | null };
}

/** The request body of POST /v1/chat/completions, once checked. */
export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  tools?: ChatTool[];
  tool_choice?: "none" | "auto" | "required" | { type: "function"; function: { name: string } };
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  response_format?:
    { type: "text" | "json_object" } | { type: "json_schema"; json_schema: { name: string; schema?: JsonSchema } };
  [key: string]: unknown;
}

/** An image found in a request's messages. */
export interface RecordedImage {
  messageIndex: number;
  /** `image/png`... for data URLs; undefined for http(s) URLs. */
  mediaType?: string;
  /** Decoded size of a data URL's bytes. */
  bytes?: number;
  /** SHA-256 (hex) of a data URL's bytes, to compare with the file the test sent. */
  sha256?: string;
  /** http(s) URLs only (data URLs are in the body already). */
  url?: string;
  detail?: string;
}

export type JsonSchema = { [key: string]: unknown };

/** OpenAI's error body. */
export interface OpenAiError {
  status: number;
  error: { message: string; type: string; param: string | null; code: string | null };
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** A decided answer, ready to be sent whole or streamed. */
export interface Answer {
  content: string | null;
  chunks: string[];
  refusal: string | null;
  toolCalls: { id: string; name: string; arguments: string }[];
  finishReason: FinishReason;
  usage: Usage;
}

const ROLES = ["system", "assistant", "user", "function", "tool", "developer"];
const PART_TYPES = ["text", "image_url", "input_audio", "refusal", "audio", "file"];
const DATA_IMAGE = /^data:(image\/(?:png|jpeg|gif|webp));base64,([A-Za-z0-9+/=\s]*)$/;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** OpenAI's 400 for a body that is not JSON. */
export const invalidJson = (): OpenAiError =>
  invalid(
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
  );

function invalid(message: string, param: string | null = null, code: string | null = null): OpenAiError {
  return { status: 400, error: { message, type: "invalid_request_error", param, code } };
}

/** Checks a chat request as OpenAI does; returns the error OpenAI would answer, or undefined. */
export function checkChatRequest(body: unknown): OpenAiError | undefined {
  if (!isObject(body)) return invalid("Invalid type for request body: expected an object.", null, "invalid_type");
  if (typeof body.model !== "string" || body.model === "") return invalid("you must provide a model parameter");
  const { messages, tools, tool_choice: toolChoice } = body;
  if (messages === undefined)
    return invalid("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
  if (!Array.isArray(messages))
    return invalid("Invalid type for 'messages': expected an array of objects.", "messages", "invalid_type");
  if (messages.length === 0) {
    return invalid(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      "messages",
      "empty_array",
    );
  }
  const problem = messages.map(checkMessage).find(Boolean) ?? checkToolSequence(messages as ChatMessage[]);
  if (problem) return problem;
  if (tools !== undefined) {
    if (!Array.isArray(tools)) return invalid("Invalid type for 'tools': expected an array.", "tools", "invalid_type");
    for (const [i, tool] of tools.entries()) {
      const name: unknown = isObject(tool) && isObject(tool.function) ? tool.function.name : undefined;
      if (
        !isObject(tool) ||
        tool.type !== "function" ||
        typeof name !== "string" ||
        !/^[a-zA-Z0-9_-]{1,64}$/.test(name)
      ) {
        return invalid(
          `Invalid 'tools[${i}]': expected { type: 'function', function: { name } } with a name of 1-64 letters, digits, _ or -.`,
          `tools[${i}]`,
          "invalid_value",
        );
      }
    }
  }
  if (toolChoice !== undefined && toolChoice !== null) {
    if (!Array.isArray(tools) || tools.length === 0) {
      return invalid(
        "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
        "tool_choice",
      );
    }
    if (isObject(toolChoice)) {
      const name = isObject(toolChoice.function) ? toolChoice.function.name : undefined;
      if (!tools.some((t: ChatTool) => t.function.name === name)) {
        return invalid(`Tool choice '${String(name)}' not found in 'tools' parameter.`, "tool_choice");
      }
    } else if (!["none", "auto", "required"].includes(toolChoice as string)) {
      return invalid(
        `Invalid value: '${String(toolChoice)}'. Supported values are: 'none', 'auto', and 'required'.`,
        "tool_choice",
        "invalid_value",
      );
    }
  }
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== "boolean") {
    return invalid("Invalid type for 'stream': expected a boolean.", "stream", "invalid_type");
  }
  if (body.stream_options != null && body.stream !== true) {
    return invalid("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options");
  }
  for (const key of ["max_tokens", "max_completion_tokens"]) {
    const value = body[key];
    if (value != null && !(typeof value === "number" && Number.isInteger(value) && value >= 1)) {
      return invalid(`Invalid '${key}': expected an integer of at least 1.`, key, "invalid_value");
    }
  }
  const format = body.response_format;
  if (format != null) {
    if (!isObject(format) || !["text", "json_object", "json_schema"].includes(format.type as string)) {
      return invalid(
        "Invalid value for 'response_format.type': supported values are 'text', 'json_object' and 'json_schema'.",
        "response_format.type",
        "invalid_value",
      );
    }
    if (
      format.type === "json_schema" &&
      !(isObject(format.json_schema) && typeof format.json_schema.name === "string")
    ) {
      return invalid(
        "Missing required parameter: 'response_format.json_schema.name'.",
        "response_format.json_schema.name",
        "missing_required_parameter",
      );
    }
  }
  if (body.n != null && body.n !== 1)
    return invalid("The OpenAI stub answers one choice only (n = 1).", "n", "unsupported_value");
  return undefined;
}

function checkMessage(message: unknown, i: number): OpenAiError | undefined {
  const at = `messages.[${i}]`;
  if (!isObject(message)) return invalid(`Invalid type for '${at}': expected an object.`, at, "invalid_type");
  if (typeof message.role !== "string" || !ROLES.includes(message.role)) {
    return invalid(
      `Invalid value: '${String(message.role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
      `${at}.role`,
      "invalid_value",
    );
  }
  const { content } = message;
  const mayOmitContent = message.role === "assistant" && (Array.isArray(message.tool_calls) || message.refusal != null);
  if ((content === undefined || content === null) && !mayOmitContent) {
    return invalid(`Missing required parameter: '${at}.content'.`, `${at}.content`, "missing_required_parameter");
  }
  if (message.role === "tool" && typeof message.tool_call_id !== "string") {
    return invalid(
      `Missing required parameter: '${at}.tool_call_id'.`,
      `${at}.tool_call_id`,
      "missing_required_parameter",
    );
  }
  if (content === undefined || content === null || typeof content === "string") return undefined;
  if (!Array.isArray(content))
    return invalid(
      `Invalid type for '${at}.content': expected one of a string or array of objects.`,
      `${at}.content`,
      "invalid_type",
    );
  for (const [j, part] of content.entries()) {
    const partAt = `${at}.content.[${j}]`;
    if (!isObject(part) || typeof part.type !== "string" || !PART_TYPES.includes(part.type)) {
      return invalid(
        `Invalid value: '${String(isObject(part) ? part.type : part)}'. Supported values are: ${PART_TYPES.map((t) => `'${t}'`).join(", ")}.`,
        `${partAt}.type`,
        "invalid_value",
      );
    }
    if (part.type === "text" && typeof part.text !== "string")
      return invalid(`Missing required parameter: '${partAt}.text'.`, `${partAt}.text`, "missing_required_parameter");
    if (part.type !== "image_url") continue;
    if (message.role !== "user") {
      return invalid(
        `Invalid '${at}'. Image URLs are only allowed for messages with role 'user', but this message with role '${message.role}' contains an image URL.`,
        at,
        "invalid_value",
      );
    }
    const url = isObject(part.image_url) ? part.image_url.url : undefined;
    if (typeof url !== "string")
      return invalid(
        `Missing required parameter: '${partAt}.image_url.url'.`,
        `${partAt}.image_url.url`,
        "missing_required_parameter",
      );
    if (url.startsWith("data:") ? !DATA_IMAGE.test(url) : !/^https?:\/\//.test(url)) {
      return invalid(
        "You uploaded an unsupported image. Please make sure your image has of one the following formats: ['png', 'jpeg', 'gif', 'webp'].",
        null,
        "invalid_image_format",
      );
    }
  }
  return undefined;
}

// OpenAI refuses a conversation whose tool calls and tool results don't pair up; a stub that
// took it would hide exactly the bug an agent loop is most likely to have.
function checkToolSequence(messages: ChatMessage[]): OpenAiError | undefined {
  let open: string[] = [];
  for (const [i, message] of messages.entries()) {
    if (message.role === "tool") {
      if (!open.includes(message.tool_call_id ?? "")) {
        return invalid(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `messages.[${i}].role`,
        );
      }
      open = open.filter((id) => id !== message.tool_call_id);
      continue;
    }
    if (open.length > 0) {
      return invalid(
        `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${open.join(", ")}`,
        `messages.[${i}].role`,
      );
    }
    if (message.role === "assistant" && Array.isArray(message.tool_calls)) open = message.tool_calls.map((c) => c.id);
  }
  return undefined;
}

/** The images in a (checked) request, in order. */
export function imagesIn(body: ChatRequestBody): RecordedImage[] {
  return body.messages.flatMap((message, messageIndex) =>
    (Array.isArray(message.content) ? message.content : []).flatMap((part): RecordedImage[] => {
      if (part.type !== "image_url" || !part.image_url) return [];
      const { url, detail } = part.image_url;
      const data = DATA_IMAGE.exec(url);
      if (!data) return [{ messageIndex, url, detail }];
      const bytes = Buffer.from(data[2]!, "base64");
      return [
        {
          messageIndex,
          mediaType: data[1],
          bytes: bytes.length,
          sha256: createHash("sha256").update(bytes).digest("hex"),
          detail,
        },
      ];
    }),
  );
}

/** Deterministic token estimate: a token per 4 characters, rounded up. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

function messageText(message: ChatMessage): string {
  const { content } = message;
  const text = typeof content === "string" ? content : (content ?? []).map((p) => p.text ?? "").join("");
  return text + (message.tool_calls ? JSON.stringify(message.tool_calls) : "");
}

// 4 tokens of framing per message and 85 per image (OpenAI's low-detail figure), plus the tools' JSON.
function promptTokens(body: ChatRequestBody): number {
  const messages = body.messages.reduce((sum, m) => sum + 4 + estimateTokens(messageText(m)), 0);
  const images = body.messages
    .flatMap((m) => (Array.isArray(m.content) ? m.content : []))
    .filter((p) => p.type === "image_url").length;
  return messages + images * 85 + (body.tools ? estimateTokens(JSON.stringify(body.tools)) : 0);
}

/** The last user message's text, for the default answer. */
export function lastUserText(body: ChatRequestBody): string {
  const user = body.messages.findLast((m) => m.role === "user");
  return user ? messageText(user).replace(/\s+/g, " ").trim() : "";
}

/**
 * The answer when nothing is scripted: what a demo needs to go on. A forced tool choice gets a
 * call with arguments that fit the tool's schema; a JSON schema response format gets a fitting
 * object; anything else gets "Stub answer to: <the last user text>".
 */
export function defaultResponse(body: ChatRequestBody): ScriptedResponse {
  const question = lastUserText(body);
  const text = `Stub answer to: ${question.length > 80 ? `${question.slice(0, 80)}…` : question}`;
  const choice = body.tool_choice;
  const forced = isObject(choice)
    ? body.tools?.find((t) => t.function.name === choice.function.name)
    : choice === "required"
      ? body.tools?.[0]
      : undefined;
  if (forced)
    return {
      toolCalls: [
        { name: forced.function.name, arguments: exampleOf(forced.function.parameters ?? { type: "object" }) },
      ],
    };
  const format = body.response_format;
  if (format?.type === "json_schema")
    return { text: JSON.stringify(exampleOf(format.json_schema.schema ?? { type: "object" })) };
  if (format?.type === "json_object") return { text: JSON.stringify({ answer: text }) };
  return { text };
}

/** A small value that fits a JSON schema (the subset structured outputs allow), deterministically. */
export function exampleOf(schema: JsonSchema, root: JsonSchema = schema, depth = 0): unknown {
  if (depth > 12) return null;
  const next = (s: unknown) => exampleOf(isObject(s) ? s : {}, root, depth + 1);
  if (typeof schema.$ref === "string") {
    const target = schema.$ref
      .replace(/^#\/?/, "")
      .split("/")
      .filter(Boolean)
      .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), root);
    return next(target);
  }
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const options = (schema.anyOf ?? schema.oneOf ?? schema.allOf) as unknown[] | undefined;
  if (Array.isArray(options)) return next(options.find((o) => !(isObject(o) && o.type === "null")) ?? options[0]);
  const type = Array.isArray(schema.type) ? (schema.type.find((t) => t !== "null") ?? "null") : schema.type;
  switch (type) {
    case "object": {
      const properties = isObject(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
      return Object.fromEntries(required.map((key) => [key, next(properties[key])]));
    }
    case "array":
      return Array.from({ length: typeof schema.minItems === "number" ? schema.minItems : 0 }, () =>
        next(schema.items),
      );
    case "string": {
      if (schema.format === "date-time") return "2024-01-02T03:04:05.000Z";
      if (schema.format === "date") return "2024-01-02";
      const min = typeof schema.minLength === "number" ? schema.minLength : 0;
      const text = "stub".padEnd(min, "x");
      return typeof schema.maxLength === "number" ? text.slice(0, schema.maxLength) : text;
    }
    case "integer":
    case "number": {
      const low =
        typeof schema.minimum === "number"
          ? schema.minimum
          : typeof schema.exclusiveMinimum === "number"
            ? schema.exclusiveMinimum + 1
            : 0;
      const value = typeof schema.maximum === "number" ? Math.min(low, schema.maximum) : low;
      return type === "integer" ? Math.ceil(value) : value;
    }
    case "boolean":
      return false;
    default:
      return null;
  }
}

// Roughly how OpenAI cuts text into stream chunks: a word with the spaces before it.
const wordChunks = (text: string): string[] => text.match(/\s*\S+|\s+$/g) ?? [];

/** Turns a scripted response into the answer to one request (ids come from `nextId`). */
export function buildAnswer(response: ScriptedResponse, body: ChatRequestBody, nextId: () => string): Answer {
  const limit = body.max_completion_tokens ?? body.max_tokens ?? undefined;
  let chunks = response.chunks ?? (response.text !== undefined ? wordChunks(response.text) : []);
  let content = response.text ?? (response.chunks ? response.chunks.join("") : null);
  let truncated = false;
  if (content !== null && limit && estimateTokens(content) > limit) {
    // Like a model that ran out of tokens: the text stops mid-way and says why.
    truncated = true;
    content = content.slice(0, limit * 4);
    let left = content.length;
    chunks = chunks.flatMap((chunk) => {
      const kept = chunk.slice(0, Math.max(left, 0));
      left -= chunk.length;
      return kept ? [kept] : [];
    });
  }
  const toolCalls = (response.toolCalls ?? []).map((call) => ({
    id: call.id ?? nextId(),
    name: call.name,
    arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments ?? {}),
  }));
  const refusal = response.refusal ?? null;
  const finishReason = response.finishReason ?? (toolCalls.length ? "tool_calls" : truncated ? "length" : "stop");
  const completionText = (content ?? "") + (refusal ?? "") + toolCalls.map((c) => c.name + c.arguments).join("");
  const prompt = response.usage?.prompt_tokens ?? promptTokens(body);
  const completion = response.usage?.completion_tokens ?? estimateTokens(completionText);
  const usage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: response.usage?.total_tokens ?? prompt + completion,
  };
  return { content, chunks, refusal, toolCalls, finishReason, usage };
}

const usageBody = (usage: Usage) => ({
  ...usage,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: {
    reasoning_tokens: 0,
    audio_tokens: 0,
    accepted_prediction_tokens: 0,
    rejected_prediction_tokens: 0,
  },
});

export interface CompletionMeta {
  id: string;
  created: number;
  model: string;
}

/** The body of a non-streamed `chat.completion`. */
export function completionBody(answer: Answer, { id, created, model }: CompletionMeta) {
  const toolCalls = answer.toolCalls.map((c) => ({
    id: c.id,
    type: "function",
    function: { name: c.name, arguments: c.arguments },
  }));
  return {
    id,
    object: "chat.completion",
    created,
    model,
    system_fingerprint: "fp_openai_stub",
    service_tier: "default",
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: answer.content,
          refusal: answer.refusal,
          annotations: [],
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: answer.finishReason,
      },
    ],
    usage: usageBody(answer.usage),
  };
}

/**
 * The `chat.completion.chunk` bodies of a streamed answer, in order: the role, the content (or
 * refusal) pieces, each tool call's id and name then its arguments in pieces, the finish reason,
 * and with `include_usage` a last chunk with no choices and the usage (every other one says `usage: null`).
 */
export function streamChunks(answer: Answer, { id, created, model }: CompletionMeta, includeUsage: boolean): object[] {
  const chunk = (delta: object, finishReason: FinishReason | null = null) => ({
    id,
    object: "chat.completion.chunk",
    created,
    model,
    system_fingerprint: "fp_openai_stub",
    service_tier: "default",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  });
  const chunks: object[] = [
    chunk({
      role: "assistant",
      content: answer.refusal === null && !answer.toolCalls.length ? "" : null,
      refusal: null,
    }),
  ];
  for (const piece of answer.chunks) chunks.push(chunk({ content: piece }));
  if (answer.refusal !== null) for (const piece of wordChunks(answer.refusal)) chunks.push(chunk({ refusal: piece }));
  answer.toolCalls.forEach((call, index) => {
    chunks.push(
      chunk({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }] }),
    );
    for (let at = 0; at < call.arguments.length; at += 12) {
      chunks.push(chunk({ tool_calls: [{ index, function: { arguments: call.arguments.slice(at, at + 12) } }] }));
    }
  });
  chunks.push(chunk({}, answer.finishReason));
  if (includeUsage)
    chunks.push({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      system_fingerprint: "fp_openai_stub",
      choices: [],
      usage: usageBody(answer.usage),
    });
  return chunks;
}
