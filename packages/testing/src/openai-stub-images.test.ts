import { createHash } from "node:crypto";
import { crc32 as zlibCrc32, inflateSync } from "node:zlib";
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  RateLimitError,
  toFile,
} from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { crc32 } from "./openai-stub-png.ts";
import { moderationBlocked, startOpenAiStub, type OpenAiStub, type RecordedRequest } from "./openai-stub.ts";

let ai: OpenAiStub;
let client: OpenAI;

beforeAll(async () => {
  ai = await startOpenAiStub();
  client = new OpenAI({ baseURL: ai.url, apiKey: "stub-key", maxRetries: 0, timeout: 5_000 });
});
afterAll(() => ai.close());
beforeEach(() => ai.reset());

// A 1x1 transparent PNG, and files that only start like a JPEG / WebP (the stub reads magic bytes).
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]);
const WEBP = Buffer.concat([Buffer.from("RIFF"), Buffer.from([4, 0, 0, 0]), Buffer.from("WEBPVP8 ")]);
const sha16 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex").slice(0, 16);
const colourOf = (prompt: string) => [...createHash("sha256").update(prompt).digest().subarray(0, 3)];

interface DecodedPng {
  width: number;
  height: number;
  colourType: number;
  /** [r, g, b, a] of each pixel, row by row. */
  pixels: number[][];
}

// An independent reader (zlib's own CRC-32, not the stub's): checks every chunk, then unpacks pixels.
function decodePng(b64: string | undefined): DecodedPng {
  const bytes = Buffer.from(b64 ?? "", "base64");
  expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const typed = bytes.subarray(at + 4, at + 8 + length);
    expect(bytes.readUInt32BE(at + 8 + length)).toBe(zlibCrc32(typed));
    chunks.push({ type: typed.toString("latin1", 0, 4), data: typed.subarray(4) });
    at += 12 + length;
  }
  expect(chunks.map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
  const header = chunks[0]!.data;
  const [width, height, colourType] = [header.readUInt32BE(0), header.readUInt32BE(4), header[9]!];
  expect(header[8]).toBe(8);
  const channels = colourType === 6 ? 4 : 3;
  const raw = inflateSync(chunks[1]!.data);
  expect(raw.length).toBe(height * (1 + width * channels));
  const pixels: number[][] = [];
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * channels);
    expect(raw[row]).toBe(0);
    for (let x = 0; x < width; x++) {
      const at = row + 1 + x * channels;
      pixels.push([raw[at]!, raw[at + 1]!, raw[at + 2]!, channels === 4 ? raw[at + 3]! : 255]);
    }
  }
  return { width, height, colourType, pixels };
}

const post = (path: string, init: RequestInit & { json?: unknown } = {}) =>
  fetch(`${ai.url}${path}`, {
    method: "POST",
    ...init,
    headers: {
      authorization: "Bearer stub-key",
      ...(init.json === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });

describe("OpenAI stub, Images API through the real openai SDK", () => {
  it("generates real PNGs of the requested aspect ratio in the prompt's colour, with gpt-image-1's usage", async () => {
    const prompt = "A candlestick chart of a breakout, flat illustration";
    const result = await client.images.generate({
      model: "gpt-image-1",
      prompt,
      size: "1536x1024",
      quality: "high",
      n: 2,
    });
    expect(result).toMatchObject({ size: "1536x1024", quality: "high", output_format: "png", background: "opaque" });
    // input: ceil(52 / 4) text tokens; output: 6208 per landscape high-quality image, twice.
    expect(result.usage).toEqual({
      input_tokens: 13,
      input_tokens_details: { text_tokens: 13, image_tokens: 0 },
      output_tokens: 12_416,
      total_tokens: 12_429,
    });
    expect(result.data).toHaveLength(2);
    const png = decodePng(result.data?.[0]?.b64_json);
    expect([png.width, png.height, png.colourType]).toEqual([96, 64, 2]);
    expect(png.pixels).toHaveLength(96 * 64);
    const [r, g, b] = colourOf(prompt);
    expect(png.pixels.every((p) => p.join() === [r, g, b, 255].join())).toBe(true);

    const [request] = ai.imageRequests();
    expect(request).toMatchObject({
      path: "/v1/images/generations",
      body: null,
      status: 200,
      answeredBy: "default",
      image: {
        endpoint: "generations",
        prompt,
        model: "gpt-image-1",
        size: "1536x1024",
        quality: "high",
        n: 2,
        inputs: [],
        fields: { prompt, model: "gpt-image-1", size: "1536x1024", quality: "high", n: 2 },
      },
    });
    expect(ai.chatRequests()).toEqual([]);
  });

  it("scales each size down by 16 (auto is square), and the same prompt gives the same image", async () => {
    const dimensions = async (size: "1024x1024" | "1024x1536" | "auto", prompt = "Same prompt") => {
      const result = await client.images.generate({ model: "gpt-image-1", prompt, size });
      const png = decodePng(result.data?.[0]?.b64_json);
      return {
        size: result.size,
        quality: result.quality,
        pixels: `${png.width}x${png.height}`,
        b64: result.data?.[0]?.b64_json,
      };
    };
    const square = await dimensions("1024x1024");
    expect(square).toMatchObject({ size: "1024x1024", quality: "medium", pixels: "64x64" });
    expect(await dimensions("1024x1536")).toMatchObject({ size: "1024x1536", pixels: "64x96" });
    const auto = await dimensions("auto");
    expect(auto).toMatchObject({ size: "1024x1024", pixels: "64x64" });
    expect(auto.b64).toBe(square.b64);
    expect((await dimensions("1024x1024", "Another prompt")).b64).not.toBe(square.b64);
  });

  it("a transparent background gives an RGBA image with a transparent margin", async () => {
    const result = await client.images.generate({ model: "gpt-image-1", prompt: "logo", background: "transparent" });
    expect(result.background).toBe("transparent");
    const png = decodePng(result.data?.[0]?.b64_json);
    expect(png.colourType).toBe(6);
    expect(png.pixels[0]?.[3]).toBe(0);
    expect(png.pixels[32 * 64 + 32]).toEqual([...colourOf("logo"), 255]);
  });

  it("edits: receives one image as `image` or several as `image[]`, with a mask, and records each file", async () => {
    await client.images.edit({
      model: "gpt-image-1",
      image: await toFile(PNG, "chart.png", { type: "image/png" }),
      prompt: "Annotate the breakout",
    });
    const several = await client.images.edit({
      model: "gpt-image-1",
      image: [
        await toFile(PNG, "a.png", { type: "image/png" }),
        await toFile(JPEG, "b.jpg", { type: "image/jpeg" }),
        // A WebP declared as PNG: the type recorded is what the bytes say.
        await toFile(WEBP, "c.png", { type: "image/png" }),
      ],
      mask: await toFile(PNG, "mask.png", { type: "image/png" }),
      prompt: "Combine them",
      size: "1024x1536",
      quality: "low",
      n: 1,
    });
    // input: ceil(12 / 4) text + 85 per input image; output: 408 for a low-quality portrait.
    expect(several.usage).toEqual({
      input_tokens: 258,
      input_tokens_details: { text_tokens: 3, image_tokens: 255 },
      output_tokens: 408,
      total_tokens: 666,
    });
    expect(decodePng(several.data?.[0]?.b64_json)).toMatchObject({ width: 64, height: 96 });

    const [single, multi] = ai.imageRequests();
    expect(single?.image?.inputs).toEqual([
      {
        field: "image",
        filename: "chart.png",
        declaredType: "image/png",
        contentType: "image/png",
        bytes: PNG.length,
        sha256: sha16(PNG),
      },
    ]);
    expect(single?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(multi?.image).toMatchObject({
      endpoint: "edits",
      prompt: "Combine them",
      model: "gpt-image-1",
      size: "1024x1536",
      quality: "low",
      n: 1,
      fields: { prompt: "Combine them", model: "gpt-image-1", size: "1024x1536", quality: "low", n: "1" },
      mask: { field: "mask", contentType: "image/png", sha256: sha16(PNG) },
    });
    expect(
      multi?.image?.inputs.map((f) => [f.field, f.filename, f.declaredType, f.contentType, f.bytes, f.sha256]),
    ).toEqual([
      ["image[]", "a.png", "image/png", "image/png", PNG.length, sha16(PNG)],
      ["image[]", "b.jpg", "image/jpeg", "image/jpeg", JPEG.length, sha16(JPEG)],
      ["image[]", "c.png", "image/png", "image/webp", WEBP.length, sha16(WEBP)],
    ]);
    expect(multi?.body).toBeNull();
    expect(multi?.rawBody).toBeUndefined();
  });

  it("refuses what OpenAI refuses with its 400, consuming nothing from the image queue", async () => {
    ai.scriptImages({ color: "#112233" });
    const refused = async (request: Promise<unknown>) => {
      const error = await request.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadRequestError);
      return error as BadRequestError;
    };
    expect(await refused(client.images.generate({ model: "gpt-image-1" } as never))).toMatchObject({
      param: "prompt",
      code: "missing_required_parameter",
      type: "invalid_request_error",
    });
    expect(await refused(client.images.generate({ model: "gpt-image-1", prompt: "x".repeat(32_001) }))).toMatchObject({
      param: "prompt",
      code: "string_above_max_length",
      message: expect.stringContaining("got a string with length 32001"),
    });
    expect(await refused(client.images.generate({ model: "gpt-image-1", prompt: "x", size: "512x512" }))).toMatchObject(
      {
        param: "size",
        code: "invalid_value",
        message: "400 Invalid value: '512x512'. Supported values are: '1024x1024', '1536x1024', '1024x1536', 'auto'.",
      },
    );
    expect(await refused(client.images.generate({ model: "gpt-image-1", prompt: "x", n: 11 }))).toMatchObject({
      param: "n",
    });
    const streamed = await post("/images/generations", { json: { prompt: "x", stream: true } });
    expect(await streamed.json()).toMatchObject({ error: { param: "stream", code: "unsupported_by_stub" } });
    const text = await toFile(Buffer.from("not an image"), "notes.png", { type: "image/png" });
    expect(await refused(client.images.edit({ model: "gpt-image-1", image: [text], prompt: "x" }))).toMatchObject({
      param: "image",
      code: "unsupported_file_mimetype",
      message: expect.stringContaining("unsupported mimetype ('image/png')"),
    });
    const noImage = new FormData();
    noImage.append("prompt", "x");
    const missing = await post("/images/edits", { body: noImage });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { param: "image", code: "missing_required_parameter" } });
    const asJson = await post("/images/edits", { json: { prompt: "x" } });
    expect(asJson.status).toBe(400);
    const brokenJson = await post("/images/generations", { body: '{"prompt": ' });
    expect(brokenJson.status).toBe(400);
    expect(ai.requests.at(-1)).toMatchObject({ rawBody: '{"prompt": ', status: 400 });

    expect(ai.pendingImages()).toEqual([{ color: "#112233" }]);
    expect(ai.imageRequests().every((r) => r.status === 400 && r.answeredBy === undefined)).toBe(true);
    // gpt-image-2 takes any size in steps of 16.
    await expect(
      client.images.generate({ model: "gpt-image-2", prompt: "x", size: "1536x864" }),
    ).resolves.toMatchObject({
      size: "1536x864",
    });
  });

  it("answers 401 without a key, and 413 for a body over 60 MB", async () => {
    const noKey = await fetch(`${ai.url}/images/generations`, { method: "POST", body: '{"prompt":"x"}' });
    expect(noKey.status).toBe(401);
    const strict = await startOpenAiStub({ apiKey: "right" });
    try {
      const wrong = new OpenAI({ baseURL: strict.url, apiKey: "wrong", maxRetries: 0 });
      await expect(wrong.images.generate({ prompt: "x" })).rejects.toBeInstanceOf(AuthenticationError);
    } finally {
      await strict.close();
    }
    const huge = new FormData();
    huge.append("prompt", "x");
    huge.append("image", new Blob([Buffer.alloc(61 * 1024 * 1024)], { type: "image/png" }), "huge.png");
    const tooLarge = await post("/images/edits", { body: huge });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ error: { message: "Request body too large." } });
  });

  it("a scripted moderation refusal surfaces as BadRequestError with OpenAI's code and type", async () => {
    ai.scriptImages(moderationBlocked(["violence"]));
    const error: unknown = await client.images
      .generate({ model: "gpt-image-1", prompt: "a chart" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({
      status: 400,
      code: "moderation_blocked",
      type: "image_generation_user_error",
      message: expect.stringContaining("Your request was rejected by the safety system."),
    });
    expect(ai.imageRequests()[0]).toMatchObject({ status: 400, answeredBy: "queue" });
  });

  it("scripts 429 with Retry-After and 500 (maxRetries 0), a delay past the timeout and a hang-up", async () => {
    ai.scriptImages(
      {
        error: {
          status: 429,
          message: "Rate limit reached for gpt-image-1",
          retryAfter: 12,
          code: "rate_limit_exceeded",
        },
      },
      { error: { status: 500, message: "The server had an error" } },
      { delayMs: 3_000 },
      { hangUp: true },
    );
    const limited: unknown = await client.images.generate({ prompt: "x" }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).headers.get("retry-after")).toBe("12");
    await expect(client.images.generate({ prompt: "x" })).rejects.toBeInstanceOf(InternalServerError);
    const started = Date.now();
    await expect(client.images.generate({ prompt: "x" }, { timeout: 200 })).rejects.toBeInstanceOf(
      APIConnectionTimeoutError,
    );
    expect(Date.now() - started).toBeLessThan(2_500);
    const edit = client.images.edit({ image: await toFile(PNG, "a.png", { type: "image/png" }), prompt: "x" });
    await expect(edit).rejects.toBeInstanceOf(APIConnectionError);
    expect(ai.imageRequests().map((r) => r.status)).toEqual([429, 500, undefined, undefined]);
    expect(ai.pendingImages()).toEqual([]);
  });

  it("takes queued answers by match and endpoint, then the responder, then the default", async () => {
    ai.scriptImages(
      { color: "#ff0000", match: "AAPL" },
      { color: "#00ff00", endpoint: "edits" },
      { b64Json: Buffer.from("not a png").toString("base64") },
    );
    const seen: RecordedRequest[] = [];
    ai.respondToImagesWith((request) => {
      seen.push(request);
      return { color: "#0000ff" };
    });
    const generate = async (prompt: string) =>
      (await client.images.generate({ model: "gpt-image-1", prompt })).data?.[0]?.b64_json;
    const pixel = (b64: string | undefined) => decodePng(b64).pixels[0];

    expect(Buffer.from((await generate("MSFT weekly")) ?? "", "base64").toString()).toBe("not a png");
    expect(pixel(await generate("AAPL daily"))).toEqual([255, 0, 0, 255]);
    expect(pixel(await generate("TSLA"))).toEqual([0, 0, 255, 255]);
    const edited = await client.images.edit({ image: await toFile(PNG, "a.png", { type: "image/png" }), prompt: "y" });
    expect(pixel(edited.data?.[0]?.b64_json)).toEqual([0, 255, 0, 255]);
    expect(ai.imageRequests().map((r) => r.answeredBy)).toEqual(["queue", "queue", "responder", "queue"]);
    expect(seen[0]?.image?.prompt).toBe("TSLA");

    ai.respondToImagesWith(undefined);
    expect(pixel(await generate("plain"))).toEqual([...colourOf("plain"), 255]);
  });

  it("keeps chat and image scripts apart", async () => {
    ai.script({ text: "chat only" });
    ai.scriptImages({ error: { status: 500, message: "image only" } });
    const image = await client.images.generate({ prompt: "x" }).catch((e: unknown) => e);
    expect(image).toBeInstanceOf(InternalServerError);
    const chat = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(chat.choices[0]?.message.content).toBe("chat only");
    ai.script({ text: "still chat" });
    await expect(client.images.generate({ prompt: "x" })).resolves.toMatchObject({ output_format: "png" });
    expect(ai.pending()).toEqual([{ text: "still chat" }]);
    expect(ai.imageRequests().map((r) => r.answeredBy)).toEqual(["queue", "default"]);
  });

  it("waits for image requests an app makes in the background", async () => {
    const waiting = ai.waitForImageRequests(1, 5_000);
    void client.images.generate({ prompt: "background job" });
    expect((await waiting)[0]?.image?.prompt).toBe("background job");
    await expect(ai.waitForImageRequests(2, 100)).rejects.toThrow(
      "Expected 2 Images API requests within 100 ms, got 1.",
    );
  });

  it("refuses an image script it cannot follow, naming the field", () => {
    expect(() => ai.scriptImages({ text: "x" } as never)).toThrow(/scriptImages\[0\]\.text: unknown field/);
    expect(() => ai.scriptImages({ error: { status: 200, message: "no" } })).toThrow(
      "scriptImages[0].error.status: must be 400-599",
    );
    expect(() => ai.scriptImages({ color: "red" })).toThrow('scriptImages[0].color: must be "#rrggbb"');
    expect(() => ai.scriptImages({ endpoint: "variations" } as never)).toThrow(/endpoint: must be/);
    expect(ai.pendingImages()).toEqual([]);
  });

  it("writes PNG CRCs as zlib does", () => {
    expect(crc32(Buffer.from("IEND"))).toBe(zlibCrc32(Buffer.from("IEND")));
    expect(crc32(PNG)).toBe(zlibCrc32(PNG));
  });
});

describe("OpenAI stub control API, Images", () => {
  const control = (path: string, body?: unknown) =>
    fetch(
      `${ai.origin}/__stub/${path}`,
      body === undefined
        ? {}
        : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
    );

  it("scripts image answers and a fallback over HTTP, and lists image requests by path and text", async () => {
    const scripted = await control("script", {
      imageResponses: [{ ...moderationBlocked(), match: "bob@example.test" }],
      imageFallback: { color: "#010203" },
    });
    expect(await scripted.json()).toEqual({ pending: 0, pendingImages: 1 });

    const fallback = await client.images.generate({ prompt: "for alice@example.test" });
    expect(decodePng(fallback.data?.[0]?.b64_json).pixels[0]).toEqual([1, 2, 3, 255]);
    await expect(
      client.images.edit({ image: await toFile(PNG, "a.png", { type: "image/png" }), prompt: "for bob@example.test" }),
    ).rejects.toMatchObject({ status: 400, code: "moderation_blocked" });

    const list = async (query: string) =>
      ((await (await control(`requests?${query}`)).json()) as { requests: RecordedRequest[] }).requests;
    const edits = await list("path=/v1/images/edits");
    expect(edits.map((r) => [r.seq, r.image?.prompt, r.image?.inputs[0]?.sha256, r.status])).toEqual([
      [2, "for bob@example.test", sha16(PNG), 400],
    ]);
    expect((await list("contains=alice%40example.test")).map((r) => r.image?.endpoint)).toEqual(["generations"]);
    expect(await (await control("script")).json()).toEqual({
      pending: [],
      fallback: null,
      pendingImages: [],
      imageFallback: { color: "#010203" },
    });

    // A bad image answer is refused with its field named, and nothing of that body is queued.
    const bad = await control("script", { responses: [{ text: "ok" }], imageResponses: [{ colour: "#000000" }] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
      /^imageResponses\[0\]\.colour: unknown field/,
    );
    expect(ai.pending()).toEqual([]);

    await control("script", { imageFallback: null });
    await control("reset", {});
    expect(await (await control("script")).json()).toMatchObject({ pendingImages: [], imageFallback: null });
  });
});
