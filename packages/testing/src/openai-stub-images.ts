// The Images API (POST /v1/images/generations and /v1/images/edits) as the stub speaks it, free
// of sockets: reading the JSON or multipart body the official SDK sends, the checks OpenAI makes
// (so an app that sends what OpenAI would refuse fails here too), what a test may script, and
// gpt-image-1's answer. Shapes follow https://platform.openai.com/docs/api-reference/images.
import { createHash } from "node:crypto";
import type { OpenAiError } from "./openai-stub-chat.ts";
import { solidPng, sniffImageType, type Rgb } from "./openai-stub-png.ts";
import { parseScriptedResponse, ScriptError, type ScriptedError } from "./openai-stub-script.ts";

export type ImageEndpoint = "generations" | "edits";

/** The stub's image routes, by path. */
export const IMAGE_ENDPOINTS: Readonly<Record<string, ImageEndpoint>> = {
  "/v1/images/generations": "generations",
  "/v1/images/edits": "edits",
};

/** An image file received by /v1/images/edits. */
export interface RecordedImageFile {
  /** The form field: `image`, `image[]` (the SDK's name for each of several) or `mask`. */
  field: string;
  filename: string;
  /** The type the upload declared (the SDK sends the File's type, else application/octet-stream). */
  declaredType: string;
  /** The type its magic bytes say: image/png, image/jpeg, image/webp, image/gif; undefined for anything else. */
  contentType?: string;
  bytes: number;
  /** The first 16 hex digits of its SHA-256, to compare with the file the test sent. */
  sha256: string;
}

/** What an Images API request asked for (the fields are typed loosely: an app may send anything). */
export interface RecordedImageRequest {
  endpoint: ImageEndpoint;
  prompt?: string;
  model?: string;
  size?: string;
  quality?: string;
  n?: number;
  /** Every field other than files: the JSON body, or the multipart text fields (`n` is then a string). */
  fields: Record<string, unknown>;
  /** Edits: the images received, in order (`image` or each `image[]`). */
  inputs: RecordedImageFile[];
  mask?: RecordedImageFile;
}

/**
 * One scripted answer to an Images API request. `{}` (or only a delay) gives the default image;
 * `error` and `hangUp` work as for chat (see ScriptedResponse).
 */
export interface ScriptedImageResponse {
  error?: ScriptedError;
  hangUp?: boolean;
  delayMs?: number;
  /** Queue entries only: taken only by a request whose fields (as JSON: prompt, model, size...) contain this text. */
  match?: string;
  /** Queue entries only: taken only by this endpoint's requests. */
  endpoint?: ImageEndpoint;
  /** The colour of the generated image, "#rrggbb" (default: derived from the prompt). */
  color?: string;
  /** Sent as every `b64_json` instead of a generated PNG, e.g. base64 of bytes that are no image. */
  b64Json?: string;
}

/** OpenAI's content-policy refusal of an image prompt (400 `moderation_blocked`), to script. */
export function moderationBlocked(categories: string[] = ["violence"]): ScriptedImageResponse {
  return {
    error: {
      status: 400,
      type: "image_generation_user_error",
      code: "moderation_blocked",
      message: `Your request was rejected by the safety system. If you believe this is an error, contact us at help.openai.com and include the request ID req_stub. safety_violations=[${categories.join(", ")}].`,
    },
  };
}

const SHARED_KEYS = ["error", "hangUp", "delayMs", "match"] as const;
const IMAGE_KEYS = new Set<string>([...SHARED_KEYS, "endpoint", "color", "b64Json"]);

/** Checks one scripted image answer (from a test or the control API) and returns it typed. */
export function parseScriptedImageResponse(value: unknown, where = "response"): ScriptedImageResponse {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ScriptError(`${where}: must be an object`);
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields))
    if (!IMAGE_KEYS.has(key))
      throw new ScriptError(`${where}.${key}: unknown field (known: ${[...IMAGE_KEYS].join(", ")})`);
  // The fields shared with chat answers get the very same checks and messages.
  parseScriptedResponse(Object.fromEntries(SHARED_KEYS.flatMap((k) => (k in fields ? [[k, fields[k]]] : []))), where);
  const { endpoint, color, b64Json, error } = fields;
  if (endpoint !== undefined && endpoint !== "generations" && endpoint !== "edits")
    throw new ScriptError(`${where}.endpoint: must be "generations" or "edits"`);
  if (color !== undefined && !(typeof color === "string" && /^#[0-9a-f]{6}$/i.test(color)))
    throw new ScriptError(`${where}.color: must be "#rrggbb"`);
  if (b64Json !== undefined && typeof b64Json !== "string") throw new ScriptError(`${where}.b64Json: must be a string`);
  if (error !== undefined && (color !== undefined || b64Json !== undefined))
    throw new ScriptError(`${where}.error: comes alone (no color or b64Json)`);
  return fields as ScriptedImageResponse;
}

/** Whether a queued image answer may answer this request. */
export const imageScriptFits = (script: ScriptedImageResponse, image: RecordedImageRequest): boolean =>
  (script.endpoint === undefined || script.endpoint === image.endpoint) &&
  (script.match === undefined || JSON.stringify(image.fields).includes(script.match));

const invalid = (message: string, param: string | null = null, code: string | null = null): OpenAiError => ({
  status: 400,
  error: { message, type: "invalid_request_error", param, code },
});

const MAX_PROMPT_CHARS = 32_000;
const MAX_IMAGE_FILE_BYTES = 50 * 1024 * 1024;
const MAX_INPUT_IMAGES = 16;
const ACCEPTED_UPLOADS = new Set(["image/png", "image/jpeg", "image/webp"]);
const GPT_IMAGE_1_SIZES = ["1024x1024", "1536x1024", "1024x1536", "auto"];
// dall-e sizes; gpt-image-2 models take any WIDTHxHEIGHT in steps of 16 up to 3840, ratio at most 3:1.
const FIXED_SIZES: [RegExp, string[]][] = [
  [/^dall-e-2/, ["256x256", "512x512", "1024x1024"]],
  [/^dall-e-3/, ["1024x1024", "1792x1024", "1024x1792"]],
];

function recordFile(field: string, file: File, bytes: Buffer): RecordedImageFile {
  const contentType = sniffImageType(bytes);
  return {
    field,
    filename: file.name,
    declaredType: file.type || "application/octet-stream",
    ...(contentType ? { contentType } : {}),
    bytes: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("hex").slice(0, 16),
  };
}

function describe(endpoint: ImageEndpoint, fields: Record<string, unknown>): RecordedImageRequest {
  const text = (key: string) => (typeof fields[key] === "string" ? (fields[key] as string) : undefined);
  const n = typeof fields.n === "string" && fields.n.trim() !== "" ? Number(fields.n) : fields.n;
  return {
    endpoint,
    prompt: text("prompt"),
    model: text("model"),
    size: text("size"),
    quality: text("quality"),
    n: typeof n === "number" ? n : undefined,
    fields,
    inputs: [],
  };
}

/**
 * Reads an Images API body. `image` is undefined only when the body could not be read at all;
 * `problem` is OpenAI's error for a request it would refuse.
 */
export async function readImageRequest(
  endpoint: ImageEndpoint,
  contentType: string,
  raw: Buffer,
): Promise<{ image?: RecordedImageRequest; problem?: OpenAiError }> {
  if (endpoint === "generations") {
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return { problem: invalid("We could not parse the JSON body of your request.") };
    }
    if (typeof body !== "object" || body === null || Array.isArray(body))
      return { problem: invalid("Invalid type for request body: expected an object.", null, "invalid_type") };
    const image = describe(endpoint, body as Record<string, unknown>);
    return { image, problem: checkImageRequest(image) };
  }
  if (!/^multipart\/form-data/i.test(contentType))
    return { problem: invalid("Invalid Content-Type header: image edits must be sent as multipart/form-data.") };
  let form: FormData;
  try {
    // undici's multipart parser, built into Node: no dependency. The body is already size-bounded.
    form = await new Request("http://stub.local", {
      method: "POST",
      headers: { "content-type": contentType },
      // Buffer.concat allocates a plain ArrayBuffer; the DOM typings only ask to know it is not shared.
      body: raw as Uint8Array<ArrayBuffer>,
    }).formData();
  } catch {
    return { problem: invalid("Could not parse multipart form data.") };
  }
  const fields: Record<string, unknown> = {};
  const files: [string, File][] = [];
  for (const [key, value] of form) {
    if (typeof value === "string") fields[key] = value;
    else files.push([key, value]);
  }
  const image = describe(endpoint, fields);
  for (const [field, file] of files) {
    const recorded = recordFile(field, file, Buffer.from(await file.arrayBuffer()));
    if (field === "mask") image.mask = recorded;
    else if (field === "image" || field === "image[]") image.inputs.push(recorded);
  }
  return { image, problem: checkImageRequest(image) };
}

/** The sizes a model accepts, or undefined when it takes any WIDTHxHEIGHT (gpt-image-2 and later). */
function sizesFor(model: string | undefined): string[] | undefined {
  if (model && /^gpt-image-[2-9]/.test(model)) return undefined;
  return FIXED_SIZES.find(([pattern]) => model && pattern.test(model))?.[1] ?? GPT_IMAGE_1_SIZES;
}

function checkFlexibleSize(size: string): boolean {
  const [, w, h] = /^(\d+)x(\d+)$/.exec(size)?.map(Number) ?? [];
  if (w === undefined || h === undefined) return false;
  return w % 16 === 0 && h % 16 === 0 && Math.max(w, h) <= 3840 && Math.max(w, h) <= 3 * Math.min(w, h) && w * h > 0;
}

/** Checks an Images API request as OpenAI does; returns the error OpenAI would answer, or undefined. */
export function checkImageRequest(image: RecordedImageRequest): OpenAiError | undefined {
  const { fields, prompt, size, model } = image;
  if (fields.prompt === undefined)
    return invalid("Missing required parameter: 'prompt'.", "prompt", "missing_required_parameter");
  if (prompt === undefined) return invalid("Invalid type for 'prompt': expected a string.", "prompt", "invalid_type");
  if (prompt.length > MAX_PROMPT_CHARS) {
    return invalid(
      `Invalid 'prompt': string too long. Expected a string with maximum length ${MAX_PROMPT_CHARS}, but got a string with length ${prompt.length} instead.`,
      "prompt",
      "string_above_max_length",
    );
  }
  if (fields.model !== undefined && (model === undefined || model === ""))
    return invalid("Invalid type for 'model': expected a string.", "model", "invalid_type");
  if (fields.size !== undefined && fields.size !== null) {
    const sizes = sizesFor(model);
    const fits = size !== undefined && (sizes ? sizes.includes(size) : size === "auto" || checkFlexibleSize(size));
    if (!fits) {
      const supported = sizes ? sizes.map((s) => `'${s}'`).join(", ") : "'auto' or WIDTHxHEIGHT in steps of 16";
      return invalid(
        `Invalid value: '${String(fields.size)}'. Supported values are: ${supported}.`,
        "size",
        "invalid_value",
      );
    }
  }
  if (fields.n !== undefined && fields.n !== null) {
    const n = image.n;
    if (n === undefined || !Number.isInteger(n) || n < 1 || n > 10)
      return invalid(
        `Invalid 'n': expected an integer from 1 to 10, got ${JSON.stringify(fields.n)}.`,
        "n",
        "invalid_value",
      );
  }
  // Not OpenAI's check but the stub's limit: better a clear 400 than an SDK failing to read SSE.
  if (fields.stream === true || fields.stream === "true")
    return invalid("The OpenAI stub does not stream images: leave `stream` out.", "stream", "unsupported_by_stub");
  if (image.endpoint === "edits") return checkEditImages(image);
  return undefined;
}

function checkEditImages({ inputs, mask, fields }: RecordedImageRequest): OpenAiError | undefined {
  if (inputs.length === 0) {
    const sentAsText = fields.image !== undefined || fields["image[]"] !== undefined;
    return sentAsText
      ? invalid("Invalid type for 'image': expected a file.", "image", "invalid_type")
      : invalid("Missing required parameter: 'image'.", "image", "missing_required_parameter");
  }
  if (inputs.length > MAX_INPUT_IMAGES)
    return invalid(
      `Invalid 'image': too many images. Expected at most ${MAX_INPUT_IMAGES}, got ${inputs.length}.`,
      "image",
      "array_above_max_length",
    );
  for (const file of mask ? [...inputs, mask] : inputs) {
    const param = file.field === "mask" ? "mask" : "image";
    if (!file.contentType || !ACCEPTED_UPLOADS.has(file.contentType)) {
      return invalid(
        `Invalid file '${param}': unsupported mimetype ('${file.contentType ?? file.declaredType}'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.`,
        param,
        "unsupported_file_mimetype",
      );
    }
    if (file.bytes > MAX_IMAGE_FILE_BYTES)
      return invalid(`Invalid file '${param}': the file must be less than 50 MB.`, param, "file_too_large");
  }
  return undefined;
}

// gpt-image-1's output tokens per image, by quality, for a square, landscape and portrait image.
const OUTPUT_TOKENS: Record<string, [number, number, number]> = {
  low: [272, 400, 408],
  medium: [1056, 1568, 1584],
  high: [4160, 6208, 6240],
};
// What OpenAI reports for "auto" (it picks for itself): the stub always picks these.
const AUTO_SIZE = "1024x1024";
const AUTO_QUALITY = "medium";
// Pixels of the stub's PNG per requested pixel: 1024x1024 → 64x64, keeping the aspect ratio.
const SCALE = 16;

const colourOf = (prompt: string): Rgb => {
  const [r = 0, g = 0, b = 0] = createHash("sha256").update(prompt).digest();
  return [r, g, b];
};

/**
 * gpt-image-1's answer: n small PNGs of the requested aspect ratio in one colour (the same
 * prompt always gives the same image), with the sizes and usage OpenAI reports.
 */
export function imagesResponseBody(image: RecordedImageRequest, script: ScriptedImageResponse, created: number) {
  const size = !image.size || image.size === "auto" ? AUTO_SIZE : image.size;
  const quality = image.quality && image.quality in OUTPUT_TOKENS ? image.quality : AUTO_QUALITY;
  const [width = 1024, height = 1024] = size.split("x").map(Number);
  const prompt = image.prompt ?? "";
  const hex = script.color ? Number.parseInt(script.color.slice(1), 16) : undefined;
  const colour: Rgb = hex === undefined ? colourOf(prompt) : [hex >> 16, (hex >> 8) & 0xff, hex & 0xff];
  const transparent = image.fields.background === "transparent";
  const b64 =
    script.b64Json ??
    solidPng(
      Math.max(1, Math.round(width / SCALE)),
      Math.max(1, Math.round(height / SCALE)),
      colour,
      transparent,
    ).toString("base64");
  const n = image.n ?? 1;
  const shape = width === height ? 0 : width > height ? 1 : 2;
  const textTokens = Math.ceil(prompt.length / 4);
  const imageTokens = 85 * image.inputs.length;
  const outputTokens = OUTPUT_TOKENS[quality]![shape] * n;
  return {
    created,
    background: transparent ? "transparent" : "opaque",
    data: Array.from({ length: n }, () => ({ b64_json: b64 })),
    output_format: "png",
    quality,
    size,
    usage: {
      input_tokens: textTokens + imageTokens,
      input_tokens_details: { text_tokens: textTokens, image_tokens: imageTokens },
      output_tokens: outputTokens,
      total_tokens: textTokens + imageTokens + outputTokens,
    },
  };
}
