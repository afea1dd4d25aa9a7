import { createHash } from "node:crypto";
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  RateLimitError,
} from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { exampleOf, startOpenAiStub, type OpenAiStub, type RecordedRequest } from "./openai-stub.ts";

let ai: OpenAiStub;
let client: OpenAI;

beforeAll(async () => {
  ai = await startOpenAiStub();
  client = new OpenAI({ baseURL: ai.url, apiKey: "stub-key", maxRetries: 0, timeout: 5_000 });
});
afterAll(() => ai.close());
beforeEach(() => ai.reset());

const ask = (content: string) => [{ role: "user" as const, content }];
const chatBody = (request: RecordedRequest | undefined) => request?.body;

// A 1x1 transparent PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

describe("OpenAI stub, through the real openai SDK", () => {
  it("answers a scripted text with usage estimated at a token per 4 characters, and records the request", async () => {
    ai.script({ text: "Your win rate is 55%." });
    const completion = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "system", content: "Be brief." }, ...ask("What is my win rate?")],
      max_completion_tokens: 200,
    });
    expect(completion.choices[0]).toMatchObject({
      message: { role: "assistant", content: "Your win rate is 55%.", refusal: null },
      finish_reason: "stop",
    });
    // prompt: (4 + ceil(9/4)) + (4 + ceil(20/4)) = 7 + 9; completion: ceil(21/4).
    expect(completion.usage).toMatchObject({ prompt_tokens: 16, completion_tokens: 6, total_tokens: 22 });
    expect(completion.model).toBe("gpt-4o-mini");
    expect(completion._request_id).toBe("req_stub_1");

    const [request] = ai.requests;
    expect(request).toMatchObject({
      method: "POST",
      path: "/v1/chat/completions",
      hasKey: true,
      status: 200,
      answeredBy: "queue",
    });
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.headers["content-type"]).toContain("application/json");
    expect(chatBody(request)).toMatchObject({
      model: "gpt-4o-mini",
      max_completion_tokens: 200,
      messages: [{ role: "system" }, { role: "user", content: "What is my win rate?" }],
    });
    expect(ai.pending()).toEqual([]);
  });

  it("answers a deterministic default when nothing is scripted", async () => {
    const first = await client.chat.completions.create({
      model: "gpt-4o",
      messages: ask("How did my   AAPL\ntrades do?"),
    });
    expect(first.choices[0]?.message.content).toBe("Stub answer to: How did my AAPL trades do?");
    expect(ai.requests[0]?.answeredBy).toBe("default");
  });

  it("streams scripted chunks in order, then a usage chunk when asked", async () => {
    ai.script({ chunks: ["Cut ", "losers", " early."], usage: { prompt_tokens: 120 } });
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: ask("Advice?"),
      stream: true,
      stream_options: { include_usage: true },
    });
    const pieces: string[] = [];
    const finishReasons: (string | null)[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.delta.content) pieces.push(choice.delta.content);
      if (choice) finishReasons.push(choice.finish_reason);
      if (chunk.usage) usage = chunk.usage;
    }
    expect(pieces).toEqual(["Cut ", "losers", " early."]);
    expect(finishReasons.at(-1)).toBe("stop");
    expect(finishReasons.slice(0, -1).every((r) => r === null)).toBe(true);
    // completion: ceil(17 / 4).
    expect(usage).toMatchObject({ prompt_tokens: 120, completion_tokens: 5, total_tokens: 125 });
    expect(chatBody(ai.requests[0])).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("streams text cut per word when no chunks are given, and the SDK's stream helper assembles it", async () => {
    ai.script({ text: "Risk one percent per trade." });
    const stream = client.chat.completions.stream({ model: "gpt-4o-mini", messages: ask("Sizing?") });
    const deltas: string[] = [];
    stream.on("content", (delta) => deltas.push(delta));
    const final = await stream.finalChatCompletion();
    expect(deltas).toEqual(["Risk", " one", " percent", " per", " trade."]);
    expect(final.choices[0]?.message.content).toBe("Risk one percent per trade.");
    expect(final.usage).toBeUndefined();
  });

  it("streams tool calls as OpenAI does (id and name first, then argument pieces) and the SDK reassembles them", async () => {
    const args = { symbol: "AAPL", from: "2024-01-01", to: "2024-03-31", limit: 50 };
    ai.script({
      toolCalls: [
        { name: "list_trades", arguments: args },
        { name: "get_stats", arguments: {} },
      ],
    });
    const stream = client.chat.completions.stream({
      model: "gpt-4o-mini",
      messages: ask("Review my AAPL trades"),
      tools: [
        { type: "function", function: { name: "list_trades", parameters: { type: "object", properties: {} } } },
        { type: "function", function: { name: "get_stats", parameters: { type: "object", properties: {} } } },
      ],
    });
    const argumentDeltas: string[] = [];
    stream.on("tool_calls.function.arguments.delta", ({ arguments_delta }) => argumentDeltas.push(arguments_delta));
    const final = await stream.finalChatCompletion();
    const choice = final.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBeNull();
    const calls = choice.message.tool_calls!.map((c) => (c.type === "function" ? c : undefined));
    expect(calls.map((c) => [c?.id, c?.function.name])).toEqual([
      ["call_stub_1", "list_trades"],
      ["call_stub_2", "get_stats"],
    ]);
    expect(JSON.parse(calls[0]!.function.arguments)).toEqual(args);
    expect(calls[1]!.function.arguments).toBe("{}");
    expect(argumentDeltas.length).toBeGreaterThan(3);
    expect(argumentDeltas.join("")).toBe(JSON.stringify(args) + "{}");
  });

  it("answers tool calls whole when not streaming, with malformed arguments sent as they are", async () => {
    ai.script({ toolCalls: [{ name: "grade_trade", arguments: '{"grade": "A", ', id: "call_custom" }] });
    const completion = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: ask("Grade it"),
      tools: [{ type: "function", function: { name: "grade_trade" } }],
      tool_choice: { type: "function", function: { name: "grade_trade" } },
    });
    expect(completion.choices[0]).toMatchObject({
      finish_reason: "tool_calls",
      message: {
        content: null,
        tool_calls: [
          { id: "call_custom", type: "function", function: { name: "grade_trade", arguments: '{"grade": "A", ' } },
        ],
      },
    });
  });

  it("runs a whole tool loop with the SDK's runTools, and sees the tool result the SDK sent back", async () => {
    ai.script({ toolCalls: [{ name: "win_rate", arguments: { days: 30 } }] }, { text: "55% over 30 days." });
    const runner = client.chat.completions.runTools({
      model: "gpt-4o-mini",
      messages: ask("Win rate last month?"),
      tools: [
        {
          type: "function",
          function: {
            name: "win_rate",
            description: "The member's win rate over the last days",
            parameters: { type: "object", properties: { days: { type: "number" } } },
            function: (input: { days: number }) => ({ winRate: 0.55, days: input.days }),
            parse: JSON.parse,
          },
        },
      ],
    });
    expect(await runner.finalContent()).toBe("55% over 30 days.");
    const [, second] = ai.chatRequests();
    expect(chatBody(second)?.messages.slice(1)).toEqual([
      expect.objectContaining({ role: "assistant", tool_calls: [expect.objectContaining({ id: "call_stub_1" })] }),
      { role: "tool", tool_call_id: "call_stub_1", content: JSON.stringify({ winRate: 0.55, days: 30 }) },
    ]);
  });

  it("a responder can answer every request with a tool call (an endless tool loop)", async () => {
    let asked = 0;
    ai.respondWith(() => {
      asked += 1;
      return { toolCalls: [{ name: "again", arguments: { n: asked } }] };
    });
    const runner = client.chat.completions.runTools(
      {
        model: "gpt-4o-mini",
        messages: ask("loop"),
        tools: [
          {
            type: "function",
            function: {
              name: "again",
              description: "Loops",
              parameters: { type: "object" },
              function: () => "ok",
              parse: JSON.parse,
            },
          },
        ],
      },
      { maxChatCompletions: 3 },
    );
    await runner.done();
    expect(asked).toBe(3);
    expect(ai.chatRequests().map((r) => r.answeredBy)).toEqual(["responder", "responder", "responder"]);
  });

  it("answers a refusal, whole and streamed", async () => {
    ai.script({ refusal: "I can't help with that." }, { refusal: "I can't help with that." });
    const whole = await client.chat.completions.create({ model: "gpt-4o-mini", messages: ask("x") });
    expect(whole.choices[0]?.message).toMatchObject({ content: null, refusal: "I can't help with that." });
    const streamed = await client.chat.completions
      .stream({ model: "gpt-4o-mini", messages: ask("x") })
      .finalChatCompletion();
    expect(streamed.choices[0]?.message).toMatchObject({ content: null, refusal: "I can't help with that." });
    expect(streamed.choices[0]?.finish_reason).toBe("stop");
  });

  it("truncates text beyond max_tokens with finish_reason length", async () => {
    ai.script({ text: "a".repeat(100) });
    const completion = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: ask("long"),
      max_tokens: 5,
    });
    expect(completion.choices[0]).toMatchObject({ finish_reason: "length", message: { content: "a".repeat(20) } });
    expect(completion.usage?.completion_tokens).toBe(5);
  });

  it("a 500 is retried by the SDK and then succeeds, or fails once retries run out", async () => {
    const retrying = client.withOptions({ maxRetries: 1 });
    const boom = { error: { status: 500, message: "The server had an error", headers: { "retry-after-ms": "5" } } };
    ai.script(boom, { text: "Recovered." });
    const completion = await retrying.chat.completions.create({ model: "gpt-4o-mini", messages: ask("x") });
    expect(completion.choices[0]?.message.content).toBe("Recovered.");
    expect(ai.chatRequests().map((r) => [r.status, r.headers["x-stainless-retry-count"]])).toEqual([
      [500, "0"],
      [200, "1"],
    ]);

    ai.reset();
    ai.script(boom, boom, { text: "never reached" });
    const failure = retrying.chat.completions.create({ model: "gpt-4o-mini", messages: ask("x") });
    await expect(failure).rejects.toBeInstanceOf(InternalServerError);
    await expect(failure).rejects.toMatchObject({
      status: 500,
      type: "server_error",
      message: "500 The server had an error",
    });
    expect(ai.chatRequests()).toHaveLength(2);
    expect(ai.pending()).toEqual([{ text: "never reached" }]);
  });

  it("a 429 carries Retry-After and OpenAI's error fields", async () => {
    ai.script({
      error: { status: 429, message: "Rate limit reached for gpt-4o-mini", retryAfter: 7, code: "rate_limit_exceeded" },
    });
    const error: unknown = await client.chat.completions
      .create({ model: "gpt-4o-mini", messages: ask("x") })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    const rateLimit = error as RateLimitError;
    expect(rateLimit.headers.get("retry-after")).toBe("7");
    expect(rateLimit).toMatchObject({ status: 429, code: "rate_limit_exceeded", type: "rate_limit_exceeded" });
  });

  it("a delay beyond the SDK's timeout raises APIConnectionTimeoutError", async () => {
    ai.script({ text: "too late", delayMs: 3_000 });
    const started = Date.now();
    await expect(
      client.chat.completions.create({ model: "gpt-4o-mini", messages: ask("x") }, { timeout: 200 }),
    ).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it("a hang-up is a connection error to the SDK", async () => {
    ai.script({ hangUp: true });
    await expect(client.chat.completions.create({ model: "gpt-4o-mini", messages: ask("x") })).rejects.toBeInstanceOf(
      APIConnectionError,
    );
    expect(ai.requests[0]?.status).toBeUndefined();
  });

  it("hangs up mid-stream after the chunks asked for, and waits between chunks", async () => {
    ai.script(
      { chunks: ["Hold ", "your ", "winners."], hangUpAfterChunks: 2 },
      { chunks: ["a", "b", "c"], chunkDelayMs: 150 },
    );
    const broken = await client.chat.completions.create({ model: "gpt-4o-mini", messages: ask("x"), stream: true });
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of broken) received.push(chunk.choices[0]?.delta.content ?? "");
      })(),
    ).rejects.toThrow();
    expect(received).toEqual(["", "Hold "]);

    const slow = await client.chat.completions.create({ model: "gpt-4o-mini", messages: ask("x"), stream: true });
    const arrivals: number[] = [];
    for await (const chunk of slow) if (chunk.choices[0]?.delta.content) arrivals.push(Date.now());
    expect(arrivals).toHaveLength(3);
    // Three gaps of 150 ms precede the last content chunk (after the role chunk and each piece).
    expect(arrivals[2]! - arrivals[0]!).toBeGreaterThanOrEqual(250);

    // Many delayed chunks on one response: no listener piles up (Node would warn past 10).
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    ai.script({ chunks: Array.from({ length: 30 }, (_, i) => `${i} `), chunkDelayMs: 1 });
    const many = await client.chat.completions
      .stream({ model: "gpt-4o-mini", messages: ask("x") })
      .finalChatCompletion();
    process.off("warning", onWarning);
    expect(many.choices[0]?.message.content?.split(" ")).toHaveLength(31);
    expect(warnings.map((w) => w.name)).not.toContain("MaxListenersExceededWarning");
  });

  it("accepts images as data URLs and records them", async () => {
    const dataUrl = `data:image/png;base64,${PNG.toString("base64")}`;
    await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What pattern is this?" },
            { type: "image_url", image_url: { url: dataUrl, detail: "low" } },
          ],
        },
      ],
    });
    const [request] = ai.requests;
    expect(request?.images).toEqual([
      {
        messageIndex: 0,
        mediaType: "image/png",
        bytes: PNG.length,
        sha256: createHash("sha256").update(PNG).digest("hex"),
        detail: "low",
      },
    ]);
    expect(request?.body?.messages[0]?.content).toEqual([
      { type: "text", text: "What pattern is this?" },
      { type: "image_url", image_url: { url: dataUrl, detail: "low" } },
    ]);
  });

  it("refuses what OpenAI refuses with its 400, consuming nothing from the queue", async () => {
    ai.script({ text: "kept" });
    const unpaired = client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [...ask("x"), { role: "tool", tool_call_id: "call_nope", content: "{}" }],
    });
    await expect(unpaired).rejects.toBeInstanceOf(BadRequestError);
    await expect(unpaired).rejects.toMatchObject({
      status: 400,
      param: "messages.[1].role",
      type: "invalid_request_error",
    });
    const textImage = client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:text/plain;base64,aGk=" } }] }],
    });
    await expect(textImage).rejects.toMatchObject({ status: 400, code: "invalid_image_format" });

    const malformed = await fetch(`${ai.url}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer stub-key", "content-type": "application/json" },
      body: '{"model": "gpt-4o-mini", "messages": [',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("content-type")).toBe("application/json");
    expect(await malformed.json()).toEqual({
      error: {
        message: expect.stringContaining("We could not parse the JSON body"),
        type: "invalid_request_error",
        param: null,
        code: null,
      },
    });
    expect(ai.requests.at(-1)).toMatchObject({
      body: null,
      rawBody: '{"model": "gpt-4o-mini", "messages": [',
      status: 400,
    });

    const unanswered = client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [
        ...ask("x"),
        {
          role: "assistant",
          tool_calls: [{ id: "call_a", type: "function", function: { name: "f", arguments: "{}" } }],
        },
        ...ask("and?"),
      ],
    });
    await expect(unanswered).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("did not have response messages: call_a"),
    });
    const systemImage = client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: [{ type: "image_url", image_url: { url: "https://example.test/a.png" } }] } as never,
      ],
    });
    await expect(systemImage).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("only allowed for messages with role 'user'"),
    });

    const noMessages = await fetch(`${ai.url}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer k" },
      body: '{"model":"m"}',
    });
    expect(await noMessages.json()).toMatchObject({ error: { param: "messages", code: "missing_required_parameter" } });
    const noSchemaName = client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: ask("x"),
      response_format: { type: "json_schema", json_schema: {} } as never,
    });
    await expect(noSchemaName).rejects.toMatchObject({ status: 400, param: "response_format.json_schema.name" });
    expect(ai.pending()).toEqual([{ text: "kept" }]);
  });

  it("answers 401 without a key, and with the wrong one when a key is configured", async () => {
    const noKey = await fetch(`${ai.url}/chat/completions`, { method: "POST", body: "{}" });
    expect(noKey.status).toBe(401);
    expect(ai.requests[0]?.hasKey).toBe(false);
    const strict = await startOpenAiStub({ apiKey: "right" });
    try {
      const wrong = new OpenAI({ baseURL: strict.url, apiKey: "wrong", maxRetries: 0 });
      await expect(wrong.models.list()).rejects.toBeInstanceOf(AuthenticationError);
    } finally {
      await strict.close();
    }
  });

  it("lists its models, and answers unknown paths with OpenAI's 404", async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toEqual(["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-5-mini"]);
    expect((await client.models.retrieve("gpt-4o")).id).toBe("gpt-4o");
    const missing = await fetch(`${ai.url}/embeddings`, {
      method: "POST",
      headers: { authorization: "Bearer k" },
      body: "{}",
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { message: "Invalid URL (POST /v1/embeddings)" } });
  });

  it("defaults to a tool call or JSON that fits the schema when the request forces one", async () => {
    const schema = {
      type: "object",
      properties: {
        grade: { type: "string", enum: ["A", "B", "C"] },
        score: { type: "integer", minimum: 1, maximum: 5 },
        reasons: { type: "array", items: { type: "string", minLength: 6 }, minItems: 1 },
        note: { anyOf: [{ type: "string" }, { type: "null" }] },
      },
      required: ["grade", "score", "reasons", "note"],
      additionalProperties: false,
    };
    const forced = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: ask("grade"),
      tools: [{ type: "function", function: { name: "grade_trade", parameters: schema, strict: true } }],
      tool_choice: "required",
    });
    const call = forced.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === "function" && JSON.parse(call.function.arguments)).toEqual({
      grade: "A",
      score: 1,
      reasons: ["stubxx"],
      note: "stub",
    });
    const structured = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: ask("grade"),
      response_format: { type: "json_schema", json_schema: { name: "grade", schema, strict: true } },
    });
    expect(JSON.parse(structured.choices[0]?.message.content ?? "")).toEqual({
      grade: "A",
      score: 1,
      reasons: ["stubxx"],
      note: "stub",
    });
  });

  it("fills referenced definitions and bounds in its default JSON", () => {
    const schema = {
      type: "object",
      properties: {
        trade: { $ref: "#/$defs/Trade" },
        when: { type: "string", format: "date-time" },
        ok: { type: ["boolean", "null"] },
      },
      required: ["trade", "when", "ok"],
      $defs: {
        Trade: {
          type: "object",
          properties: { r: { type: "number", exclusiveMinimum: 0 }, side: { const: "long" } },
          required: ["r", "side"],
        },
      },
    };
    expect(exampleOf(schema)).toEqual({ trade: { r: 1, side: "long" }, when: "2024-01-02T03:04:05.000Z", ok: false });
  });

  it("waits for requests an app makes in the background", async () => {
    const waiting = ai.waitForChatRequests(2, 5_000);
    void client.chat.completions.create({ model: "gpt-4o-mini", messages: ask("one") });
    setTimeout(() => void client.chat.completions.create({ model: "gpt-4o-mini", messages: ask("two") }), 50);
    expect((await waiting).map((r) => chatBody(r)?.messages[0]?.content)).toEqual(["one", "two"]);
    await expect(ai.waitForChatRequests(3, 100)).rejects.toThrow(
      "Expected 3 chat completion requests within 100 ms, got 2.",
    );
  });

  it("refuses a script it cannot follow, naming the field", () => {
    expect(() => ai.script({ toolcalls: [] } as never)).toThrow(/script\[0\]\.toolcalls: unknown field/);
    expect(() => ai.script({ error: { status: 200, message: "no" } })).toThrow(
      "script[0].error.status: must be 400-599",
    );
    expect(() => ai.script({ text: "ab", chunks: ["a"] })).toThrow(/must add up to `text`/);
  });
});

describe("OpenAI stub control API (for a stub in another process)", () => {
  const control = (path: string, body?: unknown) =>
    fetch(
      `${ai.origin}/__stub/${path}`,
      body === undefined
        ? {}
        : {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: typeof body === "string" ? body : JSON.stringify(body),
          },
    );

  it("scripts responses, a fallback and matches over HTTP, lists requests and resets", async () => {
    const scripted = await control("script", {
      responses: [{ text: "for Bob", match: "bob@example.test" }, { text: "for anyone" }],
      fallback: { toolCalls: [{ name: "again" }] },
    });
    expect(await scripted.json()).toEqual({ pending: 2, pendingImages: 0 });

    const answer = async (content: string) =>
      (
        await client.chat.completions.create({
          model: "gpt-4o-mini",
          messages: ask(content),
          tools: [{ type: "function", function: { name: "again" } }],
        })
      ).choices[0]?.message;
    expect((await answer("from alice@example.test"))?.content).toBe("for anyone");
    expect((await answer("from bob@example.test"))?.content).toBe("for Bob");
    expect((await answer("anyone"))?.tool_calls?.[0]).toMatchObject({ function: { name: "again", arguments: "{}" } });

    const { requests } = (await (await control("requests?contains=bob%40example.test")).json()) as {
      requests: RecordedRequest[];
    };
    expect(requests.map((r) => [r.seq, r.answeredBy, r.status])).toEqual([[2, "queue", 200]]);
    expect(await (await control("script")).json()).toEqual({
      pending: [],
      fallback: { toolCalls: [{ name: "again" }] },
      pendingImages: [],
      imageFallback: null,
    });

    const bad = await control("script", { responses: [{ text: 1 }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { message: "responses[0].text: must be a string" } });
    expect((await control("script", "not json{")).status).toBe(400);
    expect((await control("script", '"a string"')).status).toBe(400);

    expect(await (await control("reset", {})).json()).toEqual({ ok: true });
    expect(ai.requests).toEqual([]);
    expect(await (await control("script")).json()).toEqual({
      pending: [],
      fallback: null,
      pendingImages: [],
      imageFallback: null,
    });
    expect((await control("nothing-here")).status).toBe(404);
    expect((await fetch(`${ai.origin}/__stub/reset`)).status).toBe(405);
  });
});
