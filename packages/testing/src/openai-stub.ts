// A local OpenAI-compatible server for tests, e2e and `AI_STUB=1 pnpm dev`: the app talks to it
// through the real `openai` SDK over HTTP exactly as it would to OpenAI, and tests script what
// it answers and read what the app sent. Dependency-free (node:http).
//
// In process (integration tests):
//   const ai = await startOpenAiStub();                 // random port on 127.0.0.1
//   const client = new OpenAI({ baseURL: ai.url, apiKey: "stub-key" });
//   ai.script({ text: "Hello" }, { toolCalls: [{ name: "get_trades", arguments: { limit: 5 } }] });
//   ai.respondWith((request) => ({ toolCalls: [{ name: "loop" }] }));   // when the queue is empty
//   ... then: ai.requests (what was sent, oldest first), ai.reset(), await ai.close()
//
// Answers, per POST /v1/chat/completions (streamed as SSE when the body says `stream: true`):
//   1. the first queued response whose `match` (if any) occurs in the request's JSON body;
//   2. else the responder (a function, or a fixed response given to `respondWith`);
//   3. else a default: "Stub answer to: <last user text>" (or, for a forced tool choice or a
//      JSON-schema response format, a tool call / JSON that fits the schema), so demos work.
// A ScriptedResponse (openai-stub-script.ts) is text (+ chunks), toolCalls, a refusal, an error
// (status, message, Retry-After...) or a hang-up, with optional delays, usage and finish reason.
// The SDK retries 408/409/429/5xx, timeouts and hang-ups (`maxRetries`, default 2): each attempt
// takes the next scripted response, so script one per attempt or build the client with maxRetries: 0.
// Requests OpenAI would refuse (bad JSON, no model, unpaired tool results, a non-image data URL,
// no `Authorization: Bearer`) get OpenAI's 400/401 and consume nothing from the queue.
// Usage is estimated (a token per 4 characters, 85 per image) unless scripted. `max_tokens` or
// `max_completion_tokens` below the text's estimate truncates it with finish_reason "length".
// GET /v1/models lists the configured model ids; other paths get OpenAI's 404 error.
//
// Images API (openai-stub-images.ts), as the SDK's `client.images.generate` / `.edit` send it:
//   POST /v1/images/generations (JSON) and POST /v1/images/edits (multipart/form-data: `image`,
//   or `image[]` per file when several, optional `mask`, text fields) answer like gpt-image-1:
//   { created, data: [{ b64_json }] × n, size, quality, background, output_format: "png", usage }.
//   Each image is a real PNG of one colour derived from the prompt (same prompt, same image),
//   1/16 of the requested size: 1024x1024 → 64x64, 1536x1024 → 96x64, "auto" → 1024x1024.
//   Usage: a token per 4 prompt characters, 85 per input image, gpt-image-1's output table.
//   Refused with OpenAI's 400 (consuming no script): no prompt, a prompt over 32,000 characters,
//   a size the model does not take (gpt-image-1: 1024x1024, 1536x1024, 1024x1536, auto), n
//   outside 1-10, edits without an image or with a file that is not PNG/JPEG/WebP by its magic
//   bytes (and, a limit of the stub, `stream: true`); a body over 60 MB gets 413.
//   Recorded with `image` (prompt, size, model, quality, n, all fields, and each file received:
//   type by magic bytes, bytes, sha256 prefix); `body` is then null. Waited for with
//   `ai.waitForImageRequests(n)`, listed by `ai.imageRequests()`.
//   Scripted apart from chat, so neither ever takes the other's answers: `ai.scriptImages(...)`,
//   `ai.respondToImagesWith(...)`; a ScriptedImageResponse is an error (`moderationBlocked()`
//   gives OpenAI's 400 `moderation_blocked`), a hang-up, a delay, a colour or raw `b64Json`,
//   with `match` (text in the request's fields) and `endpoint` ("generations" | "edits").
//
// Control API on the same port (JSON), for a stub in another process (e2e, `pnpm dev`):
//   POST /__stub/script    { responses?: ScriptedResponse[], fallback?: ScriptedResponse | null,
//                            imageResponses?: ScriptedImageResponse[], imageFallback?: ... | null }
//                          (or a bare array of chat responses) → { pending, pendingImages };
//                          400 names a bad field, and then nothing is queued
//   GET  /__stub/script    → { pending, fallback, pendingImages, imageFallback }
//   GET  /__stub/requests  ?contains=<text in the body or image fields>&path=/v1/images/edits → { requests }
//   POST /__stub/reset     → { ok: true } (queues, fallbacks, requests and id counters)
// In e2e, where tests run in parallel, give each scripted response a `match` (a text only that
// test's request contains) and filter requests with `contains` rather than resetting.
// CLI: `tsx packages/testing/src/openai-stub-cli.ts` (port OPENAI_STUB_PORT, default 4010).
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  buildAnswer,
  checkChatRequest,
  completionBody,
  defaultResponse,
  imagesIn,
  invalidJson,
  streamChunks,
  type ChatRequestBody,
  type OpenAiError,
  type RecordedImage,
} from "./openai-stub-chat.ts";
import {
  IMAGE_ENDPOINTS,
  imageScriptFits,
  imagesResponseBody,
  parseScriptedImageResponse,
  readImageRequest,
  type RecordedImageRequest,
  type ScriptedImageResponse,
} from "./openai-stub-images.ts";
import { parseScriptedResponse, ScriptError, type ScriptedError, type ScriptedResponse } from "./openai-stub-script.ts";

export type { ChatMessage, ChatRequestBody, ContentPart, RecordedImage } from "./openai-stub-chat.ts";
export { exampleOf } from "./openai-stub-chat.ts";
export {
  moderationBlocked,
  parseScriptedImageResponse,
  type ImageEndpoint,
  type RecordedImageFile,
  type RecordedImageRequest,
  type ScriptedImageResponse,
} from "./openai-stub-images.ts";
export { solidPng, sniffImageType } from "./openai-stub-png.ts";
export * from "./openai-stub-script.ts";

/** A request the stub received (control API calls excepted). JSON-friendly: the same over HTTP. */
export interface RecordedRequest {
  /** 1, 2, 3... in arrival order (reset by `reset()`). */
  seq: number;
  method: string;
  path: string;
  /** Lower-cased names; `authorization` is left out (see `hasKey`). */
  headers: Record<string, string>;
  /** Whether an `Authorization: Bearer <something>` header came. */
  hasKey: boolean;
  /** The parsed JSON body; null when there was none or it was not JSON (then see `rawBody`). */
  body: ChatRequestBody | null;
  /** The first 10,000 characters of a body that was not JSON. */
  rawBody?: string;
  /** Images in the messages (image_url parts). */
  images: RecordedImage[];
  /** Images API requests: what was asked for and the files received (the body is then null). */
  image?: RecordedImageRequest;
  receivedAt: string;
  /** The status answered; undefined while in progress or when the socket was hung up. */
  status?: number;
  /** Which script answered a chat completion or an Images API request. */
  answeredBy?: "queue" | "responder" | "default";
}

/** Decides the answer to a chat request when the queue has none; undefined means the default answer. */
export type Responder = (request: RecordedRequest) => ScriptedResponse | undefined;

/** Decides the answer to an Images API request when the image queue has none; undefined means the default image. */
export type ImageResponder = (request: RecordedRequest) => ScriptedImageResponse | undefined;

export interface OpenAiStubOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Listed by GET /v1/models. Any model is accepted by chat completions. */
  models?: string[];
  /** When set, any other Bearer key gets OpenAI's 401 "Incorrect API key provided". */
  apiKey?: string;
  /** How many requests are kept (oldest dropped first), so a long `pnpm dev` stays small. Default 1000. */
  maxRecorded?: number;
}

export interface OpenAiStub {
  /** Base URL ending in /v1: the `baseURL` of the openai SDK (and OPENAI_BASE_URL). */
  url: string;
  /** http://host:port, where the control API lives under /__stub/. */
  origin: string;
  port: number;
  /** Queues responses, answered in order (a response with `match` waits for a request it matches). Throws ScriptError on a bad one. */
  script(...responses: ScriptedResponse[]): void;
  /** Answers whenever the queue has nothing for a request: a function, a fixed response, or undefined for the default. */
  respondWith(responder: Responder | ScriptedResponse | undefined): void;
  /** Queued responses not yet used. */
  pending(): ScriptedResponse[];
  /** Every request received, oldest first (a copy). */
  readonly requests: RecordedRequest[];
  /** Only the chat completion requests, oldest first. */
  chatRequests(): RecordedRequest[];
  /** Resolves once `count` chat completion requests have been received in all (or rejects after `timeoutMs`). */
  waitForChatRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Queues answers to Images API requests (a queue apart from chat's). Throws ScriptError on a bad one. */
  scriptImages(...responses: ScriptedImageResponse[]): void;
  /** Answers image requests whenever the image queue has nothing for them; undefined for the default image. */
  respondToImagesWith(responder: ImageResponder | ScriptedImageResponse | undefined): void;
  /** Queued image answers not yet used. */
  pendingImages(): ScriptedImageResponse[];
  /** Only the Images API requests (generations and edits), oldest first. */
  imageRequests(): RecordedRequest[];
  /** Resolves once `count` Images API requests have been received in all (or rejects after `timeoutMs`). */
  waitForImageRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Forgets both queues, both responders, the requests and the id counters. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_MODELS = ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-5-mini"];
const MAX_BODY_BYTES = 50 * 1024 * 1024;
// Edits take up to 16 images of 50 MB each at OpenAI; a stub for tests needs no more than ~60 MB.
const MAX_IMAGE_BODY_BYTES = 60 * 1024 * 1024;
const CHAT_PATH = "/v1/chat/completions";

const errorBody = (status: number, message: string, type: string, code: string | null = null): OpenAiError => ({
  status,
  error: { message, type, param: null, code },
});

const defaultErrorType = (status: number) =>
  status === 401
    ? "authentication_error"
    : status === 403
      ? "permission_error"
      : status === 404
        ? "not_found_error"
        : status === 429
          ? "rate_limit_exceeded"
          : status >= 500
            ? "server_error"
            : "invalid_request_error";

/** Starts an OpenAI-compatible Chat Completions and Images server (see the header of this file for its API). */
export async function startOpenAiStub({
  port = 0,
  host = "127.0.0.1",
  models = DEFAULT_MODELS,
  apiKey,
  maxRecorded = 1000,
}: OpenAiStubOptions = {}): Promise<OpenAiStub> {
  const queue: ScriptedResponse[] = [];
  let responder: Responder | ScriptedResponse | undefined;
  // Images have a queue of their own: a chat script is never taken by an image request, nor the reverse.
  const imageQueue: ScriptedImageResponse[] = [];
  let imageResponder: ImageResponder | ScriptedImageResponse | undefined;
  const recorded: RecordedRequest[] = [];
  const waiters = new Set<() => void>();
  const counters = { seq: 0, completion: 0, call: 0 };
  const timers = new Set<NodeJS.Timeout>();
  const wakeWaiters = () => {
    for (const wake of waiters) wake();
  };

  const sleep = (ms: number, res: http.ServerResponse) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      // Ends early when the client goes away (a timeout), so nothing is written to a closed socket.
      const done = () => {
        clearTimeout(timer);
        timers.delete(timer);
        res.off("close", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timers.add(timer);
      res.once("close", done);
    });

  function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  }

  const sendError = (res: http.ServerResponse, { status, error }: OpenAiError, headers: Record<string, string> = {}) =>
    sendJson(res, status, { error }, headers);

  function pickResponse(request: RecordedRequest): {
    response: ScriptedResponse;
    answeredBy: RecordedRequest["answeredBy"];
  } {
    const text = JSON.stringify(request.body);
    const index = queue.findIndex((r) => r.match === undefined || text.includes(r.match));
    if (index !== -1) return { response: queue.splice(index, 1)[0]!, answeredBy: "queue" };
    const decided = typeof responder === "function" ? responder(structuredClone(request)) : responder;
    if (decided) return { response: parseScriptedResponse(decided, "responder"), answeredBy: "responder" };
    return { response: {}, answeredBy: "default" };
  }

  // The delay, hang-up and error parts of a script, shared by chat and images; true when it answered.
  async function answerScriptedFailure(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    response: { delayMs?: number; hangUp?: boolean; error?: ScriptedError },
  ): Promise<boolean> {
    await sleep(response.delayMs ?? 0, res);
    if (res.destroyed) return true;
    if (response.hangUp) {
      req.socket.destroy();
      return true;
    }
    if (!response.error) return false;
    const { status, message, type, code = null, param = null, retryAfter, headers = {} } = response.error;
    const retry = retryAfter ?? (status === 429 ? 1 : undefined);
    sendError(
      res,
      { status, error: { message, type: type ?? defaultErrorType(status), param, code } },
      {
        ...(retry !== undefined ? { "retry-after": String(retry) } : {}),
        ...headers,
      },
    );
    return true;
  }

  async function images(req: http.IncomingMessage, res: http.ServerResponse, request: RecordedRequest) {
    const image = request.image!;
    const index = imageQueue.findIndex((script) => imageScriptFits(script, image));
    let script: ScriptedImageResponse = {};
    if (index !== -1) {
      script = imageQueue.splice(index, 1)[0]!;
      request.answeredBy = "queue";
    } else {
      const decided = typeof imageResponder === "function" ? imageResponder(structuredClone(request)) : imageResponder;
      if (decided) script = parseScriptedImageResponse(decided, "respondToImagesWith");
      request.answeredBy = decided ? "responder" : "default";
    }
    if (await answerScriptedFailure(req, res, script)) return;
    const body = imagesResponseBody(image, script, Math.floor(Date.now() / 1000));
    sendJson(res, 200, body, { "x-request-id": `req_stub_${request.seq}` });
  }

  async function chat(req: http.IncomingMessage, res: http.ServerResponse, request: RecordedRequest) {
    const body = request.body as ChatRequestBody;
    const { response, answeredBy } = pickResponse(request);
    request.answeredBy = answeredBy;
    if (await answerScriptedFailure(req, res, response)) return;
    const scripted =
      response.text !== undefined || response.chunks || response.toolCalls || response.refusal !== undefined;
    const answer = buildAnswer(
      scripted ? response : { ...defaultResponse(body), ...response },
      body,
      () => `call_stub_${++counters.call}`,
    );
    const meta = {
      id: `chatcmpl-stub-${++counters.completion}`,
      created: Math.floor(Date.now() / 1000),
      model: body.model,
    };
    const requestId = { "x-request-id": `req_stub_${request.seq}` };
    if (!body.stream) {
      sendJson(res, 200, completionBody(answer, meta), requestId);
      return;
    }
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      ...requestId,
    });
    res.flushHeaders();
    let sent = 0;
    for (const chunk of streamChunks(answer, meta, body.stream_options?.include_usage === true)) {
      if (res.destroyed) return;
      if (response.hangUpAfterChunks !== undefined && sent >= response.hangUpAfterChunks) {
        req.socket.destroy();
        return;
      }
      if (sent > 0) await sleep(response.chunkDelayMs ?? 0, res);
      // Wait until it is flushed: a hang-up right after must not swallow what was "sent".
      await new Promise<void>((resolve) => res.write(`data: ${JSON.stringify(chunk)}\n\n`, () => resolve()));
      sent += 1;
    }
    res.end("data: [DONE]\n\n");
  }

  async function api(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    const path = url.pathname.replace(/\/+$/, "");
    const imageEndpoint = req.method === "POST" ? IMAGE_ENDPOINTS[path] : undefined;
    const bytes = await readBody(req, imageEndpoint ? MAX_IMAGE_BODY_BYTES : MAX_BODY_BYTES);
    if (bytes === undefined) return sendError(res, errorBody(413, "Request body too large.", "invalid_request_error"));
    // Image bodies are read by readImageRequest (JSON or multipart with binary files).
    const raw = imageEndpoint ? "" : bytes.toString("utf8");
    let body: unknown = null;
    let parsed = raw === "";
    try {
      if (raw !== "") body = JSON.parse(raw);
      parsed = true;
    } catch {
      // recorded as rawBody, answered below
    }
    const { authorization, ...headers } = req.headers;
    const key = /^Bearer\s+(\S+)/i.exec(authorization ?? "")?.[1];
    const request: RecordedRequest = {
      seq: ++counters.seq,
      method: req.method ?? "GET",
      path: url.pathname,
      headers: Object.fromEntries(
        Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
      ),
      hasKey: key !== undefined,
      body: parsed ? (body as ChatRequestBody | null) : null,
      ...(parsed ? {} : { rawBody: raw.slice(0, 10_000) }),
      images: [],
      receivedAt: new Date().toISOString(),
    };
    recorded.push(request);
    if (recorded.length > maxRecorded) recorded.splice(0, recorded.length - maxRecorded);
    res.once("finish", () => {
      request.status = res.statusCode;
    });
    try {
      if (!key) {
        return sendError(
          res,
          errorBody(
            401,
            "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            "invalid_request_error",
          ),
        );
      }
      if (apiKey !== undefined && key !== apiKey) {
        return sendError(
          res,
          errorBody(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
        );
      }
      if (imageEndpoint) {
        const { image, problem } = await readImageRequest(imageEndpoint, req.headers["content-type"] ?? "", bytes);
        if (image) request.image = image;
        else if (imageEndpoint === "generations") request.rawBody = bytes.toString("utf8", 0, 10_000);
        if (problem) return sendError(res, problem);
        wakeWaiters();
        await images(req, res, request);
        return;
      }
      if (path === CHAT_PATH && req.method === "POST") {
        if (!parsed) return sendError(res, invalidJson());
        const problem = checkChatRequest(body);
        if (problem) return sendError(res, problem);
        request.images = imagesIn(body as ChatRequestBody);
        wakeWaiters();
        await chat(req, res, request);
        return;
      }
      if (path === "/v1/models" && req.method === "GET") {
        return sendJson(res, 200, { object: "list", data: models.map(modelBody) });
      }
      const model = /^\/v1\/models\/(.+)$/.exec(path)?.[1];
      if (model && req.method === "GET") {
        const id = decodeURIComponent(model);
        if (models.includes(id)) return sendJson(res, 200, modelBody(id));
        return sendError(
          res,
          errorBody(
            404,
            `The model '${id}' does not exist or you do not have access to it.`,
            "invalid_request_error",
            "model_not_found",
          ),
        );
      }
      sendError(res, errorBody(404, `Invalid URL (${request.method} ${url.pathname})`, "invalid_request_error"));
    } finally {
      wakeWaiters();
    }
  }

  function control(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    const route = `${req.method} ${url.pathname.replace(/\/+$/, "")}`;
    if (route === "GET /__stub/requests") {
      const contains = url.searchParams.get("contains");
      const path = url.searchParams.get("path");
      const requests = recorded.filter(
        (r) =>
          (!path || r.path === path) &&
          (!contains || JSON.stringify(r.body ?? r.image?.fields ?? r.rawBody ?? "").includes(contains)),
      );
      return sendJson(res, 200, { requests });
    }
    if (route === "GET /__stub/script")
      return sendJson(res, 200, {
        pending: queue,
        fallback: typeof responder === "function" ? "(function)" : (responder ?? null),
        pendingImages: imageQueue,
        imageFallback: typeof imageResponder === "function" ? "(function)" : (imageResponder ?? null),
      });
    if (route === "POST /__stub/reset") {
      stub.reset();
      return sendJson(res, 200, { ok: true });
    }
    if (route === "POST /__stub/script") {
      return readBody(req).then((raw) => {
        try {
          const input: unknown = JSON.parse(raw?.toString("utf8") ?? "");
          if (typeof input !== "object" || input === null) throw new Error("not an object");
          const {
            responses = [],
            fallback,
            imageResponses = [],
            imageFallback,
          } = (Array.isArray(input) ? { responses: input } : input) as Record<string, unknown>;
          if (!Array.isArray(responses)) throw new ScriptError("responses: must be an array");
          if (!Array.isArray(imageResponses)) throw new ScriptError("imageResponses: must be an array");
          // Everything is checked before anything is queued: a 400 leaves the script as it was.
          const checked = responses.map((r, i) => parseScriptedResponse(r, `responses[${i}]`));
          const checkedFallback =
            fallback === undefined || fallback === null ? fallback : parseScriptedResponse(fallback, "fallback");
          const checkedImages = imageResponses.map((r, i) => parseScriptedImageResponse(r, `imageResponses[${i}]`));
          const checkedImageFallback =
            imageFallback === undefined || imageFallback === null
              ? imageFallback
              : parseScriptedImageResponse(imageFallback, "imageFallback");
          queue.push(...checked);
          if (checkedFallback !== undefined) responder = checkedFallback ?? undefined;
          imageQueue.push(...checkedImages);
          if (checkedImageFallback !== undefined) imageResponder = checkedImageFallback ?? undefined;
          sendJson(res, 200, { pending: queue.length, pendingImages: imageQueue.length });
        } catch (error) {
          const message =
            error instanceof ScriptError
              ? error.message
              : "The body must be JSON: { responses?: [...], fallback?: {...} | null, imageResponses?: [...], imageFallback?: {...} | null }.";
          sendJson(res, 400, { error: { message } });
        }
      });
    }
    const known = ["/__stub/requests", "/__stub/script", "/__stub/reset"].includes(url.pathname.replace(/\/+$/, ""));
    sendJson(res, known ? 405 : 404, { error: { message: `${known ? "Method not allowed" : "Not found"}: ${route}` } });
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://stub.local");
    const handled = url.pathname.startsWith("/__stub/") ? control(req, res, url) : api(req, res, url);
    Promise.resolve(handled).catch((error: Error) => {
      console.error(`[openai-stub] ${error.stack ?? error.message}`);
      sendError(res, errorBody(500, "The OpenAI stub failed; see its log.", "server_error"));
    });
  });
  server.listen(port, host);
  await once(server, "listening");
  const boundPort = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${boundPort}`;

  function waitFor(
    find: () => RecordedRequest[],
    count: number,
    timeoutMs: number,
    what: string,
  ): Promise<RecordedRequest[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found.length < count) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`Expected ${count} ${what} within ${timeoutMs} ms, got ${find().length}.`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  }

  const stub: OpenAiStub = {
    url: `${origin}/v1`,
    origin,
    port: boundPort,
    script(...responses) {
      queue.push(...responses.map((r, i) => parseScriptedResponse(r, `script[${i}]`)));
    },
    respondWith(next) {
      responder = next === undefined || typeof next === "function" ? next : parseScriptedResponse(next, "respondWith");
    },
    pending: () => [...queue],
    get requests() {
      return [...recorded];
    },
    chatRequests: () => recorded.filter((r) => r.path.replace(/\/+$/, "") === CHAT_PATH),
    waitForChatRequests: (count, timeoutMs = 10_000) =>
      waitFor(stub.chatRequests, count, timeoutMs, "chat completion requests"),
    scriptImages(...responses) {
      imageQueue.push(...responses.map((r, i) => parseScriptedImageResponse(r, `scriptImages[${i}]`)));
    },
    respondToImagesWith(next) {
      imageResponder =
        next === undefined || typeof next === "function"
          ? next
          : parseScriptedImageResponse(next, "respondToImagesWith");
    },
    pendingImages: () => [...imageQueue],
    imageRequests: () => recorded.filter((r) => r.path.replace(/\/+$/, "") in IMAGE_ENDPOINTS),
    waitForImageRequests: (count, timeoutMs = 10_000) =>
      waitFor(stub.imageRequests, count, timeoutMs, "Images API requests"),
    reset() {
      queue.length = 0;
      responder = undefined;
      imageQueue.length = 0;
      imageResponder = undefined;
      recorded.length = 0;
      Object.assign(counters, { seq: 0, completion: 0, call: 0 });
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // The SDK keeps connections alive; without this, close() would wait for them to time out.
      server.closeAllConnections();
      await closed;
    },
  };
  return stub;
}

const modelBody = (id: string) => ({ id, object: "model", created: 1_700_000_000, owned_by: "openai-stub" });

// Resolves to undefined when the body is larger than the limit (the rest is drained, not kept).
function readBody(req: http.IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
