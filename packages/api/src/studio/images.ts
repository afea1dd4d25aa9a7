// The Studio's one way to the Images API: the official SDK (ctx.ai.client) with a deadline that
// covers its retries, the answer parsed with zod, the image checked and re-encoded by sharp, and
// one AiCall row per call whatever happened. Failures become messages an admin can act on.
import { TRPCError } from "@trpc/server";
import OpenAI, { APIConnectionTimeoutError, APIUserAbortError, toFile } from "openai";
import { z } from "zod";
import { describeAiError, recordAiCall, type AiOutcome } from "../ai/calls.ts";
import type { MemberContext } from "../context.ts";
import { checkImageUpload, type CheckedImage, IMAGE_EXTENSIONS, type ImageContentType } from "../media/image.ts";

/** The quality the Studio asks for: gpt-image-1's middle setting (priced per image, see ai-pricing.ts). */
export const IMAGE_QUALITY = "medium" as const;
/** The largest image we accept back from the provider (a 1536×1024 PNG is ~3 MB). */
const MAX_RESULT_BYTES = 25 * 1024 * 1024;
/** OpenAI's limit on an image prompt for gpt-image-1. */
export const MAX_PROVIDER_PROMPT = 32_000;

const ImagesResponseSchema = z.object({
  data: z
    .array(
      z.object({
        b64_json: z
          .string()
          .max(Math.ceil((MAX_RESULT_BYTES * 4) / 3) + 4)
          .optional(),
      }),
    )
    .min(1),
  usage: z
    .object({
      input_tokens: z.number().int().min(0).max(10_000_000).optional(),
      output_tokens: z.number().int().min(0).max(10_000_000).optional(),
    })
    .nullish(),
});

export interface ImageRequest {
  prompt: string;
  size: "1024x1024" | "1536x1024" | "1024x1536";
  /** Images to edit or to take as references (images.edit); none: images.generate. */
  images: { bytes: Uint8Array; contentType: string }[];
}

/**
 * Makes one image; `recorded` settles when its AiCall row is written. Throws a TRPCError whose message says what happened and that nothing was
 * saved: BAD_REQUEST for a content-policy refusal or a request the provider refuses,
 * TOO_MANY_REQUESTS when the provider rate-limits us, SERVICE_UNAVAILABLE for timeouts,
 * outages, unreadable answers and a server without a key.
 */
export async function makeImage(
  ctx: MemberContext,
  request: ImageRequest,
): Promise<{ image: CheckedImage; recorded: Promise<void> }> {
  const client = ctx.ai.client;
  if (!client) {
    throw new TRPCError({
      code: "SERVICE_UNAVAILABLE",
      message: "Image generation is not set up on this server (no OPENAI_API_KEY). Nothing was saved.",
    });
  }
  const model = ctx.ai.models.image;
  const started = performance.now();
  const timeoutMs = ctx.ai.imageTimeoutMs;
  const signal = AbortSignal.timeout(timeoutMs);
  const record = (outcome: AiOutcome, extra: { promptTokens?: number; completionTokens?: number; error?: string }) =>
    recordAiCall(ctx, {
      requestId: ctx.requestId,
      userId: ctx.user.id,
      feature: "studio",
      model,
      durationMs: performance.now() - started,
      outcome,
      image: { count: outcome === "ok" ? 1 : 0, size: request.size, quality: IMAGE_QUALITY },
      ...extra,
    });

  let raw: unknown;
  try {
    // DALL·E models answer with URLs unless asked for base64; the gpt-image models always send
    // base64 and refuse the parameter.
    const base64 = model.startsWith("dall-e") ? { response_format: "b64_json" as const } : {};
    const common = { model, prompt: request.prompt, size: request.size, quality: IMAGE_QUALITY, n: 1, ...base64 };
    const options = { signal, timeout: timeoutMs };
    if (request.images.length === 0) {
      raw = await client.images.generate(common, options);
    } else {
      const files = await Promise.all(
        request.images.map((image, i) =>
          toFile(
            Buffer.from(image.bytes),
            `image-${i + 1}.${IMAGE_EXTENSIONS[image.contentType as ImageContentType] ?? "png"}`,
            {
              type: image.contentType,
            },
          ),
        ),
      );
      raw = await client.images.edit({ ...common, image: files.length === 1 ? files[0]! : files }, options);
    }
  } catch (error) {
    const failure = describeFailure(error, timeoutMs);
    await record(failure.outcome, { error: describeAiError(error) });
    ctx.logger.warn(
      { event: "studio.provider_failed", model, outcome: failure.outcome, error: describeAiError(error) },
      "image call failed",
    );
    throw failure.error;
  }

  const parsed = ImagesResponseSchema.safeParse(raw);
  const b64 = parsed.success ? parsed.data.data[0]?.b64_json : undefined;
  const usage = parsed.success ? parsed.data.usage : undefined;
  const tokens = { promptTokens: usage?.input_tokens ?? 0, completionTokens: usage?.output_tokens ?? 0 };
  let image: CheckedImage | null = null;
  if (b64) {
    image = await checkImageUpload(new Uint8Array(Buffer.from(b64, "base64")), { maxBytes: MAX_RESULT_BYTES }).catch(
      () => null,
    );
  }
  if (!image) {
    await record("invalid", { ...tokens, error: parsed.success ? "unreadable image" : "unexpected response shape" });
    throw new TRPCError({
      code: "SERVICE_UNAVAILABLE",
      message: "The image service sent back something that is not an image we can use. Nothing was saved; try again.",
    });
  }
  // The AiCall row of a made image is written while the caller stores it (recordAiCall never throws).
  return { image, recorded: record("ok", tokens) };
}

function describeFailure(error: unknown, timeoutMs: number): { outcome: AiOutcome; error: TRPCError } {
  const nothing = "Nothing was saved.";
  if (error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError) {
    // Tenths, not whole seconds: a 1.5 s deadline must not be reported as 2 s.
    const seconds = Math.round(timeoutMs / 100) / 10;
    return {
      outcome: "timeout",
      error: new TRPCError({
        code: "SERVICE_UNAVAILABLE",
        message: `The image service did not finish within ${seconds} second${seconds === 1 ? "" : "s"}. ${nothing} Please try again.`,
      }),
    };
  }
  if (error instanceof OpenAI.APIError) {
    const providerMessage = cleanProviderMessage(error);
    if (error.status === 400 && isContentPolicy(error)) {
      return {
        outcome: "refusal",
        error: new TRPCError({
          code: "BAD_REQUEST",
          message: `OpenAI's content policy refused this request${providerMessage ? `: ${providerMessage}` : "."} ${nothing} Change the prompt or the images and try again.`,
        }),
      };
    }
    if (error.status === 400 || error.status === 413 || error.status === 422) {
      return {
        outcome: "error",
        error: new TRPCError({
          code: "BAD_REQUEST",
          message: `The image service refused the request${providerMessage ? `: ${providerMessage}` : "."} ${nothing}`,
        }),
      };
    }
    if (error.status === 429) {
      return {
        outcome: "error",
        error: new TRPCError({
          code: "TOO_MANY_REQUESTS",
          message: `The image service is rate-limiting us right now. ${nothing} Please wait a minute and try again.`,
        }),
      };
    }
  }
  return {
    outcome: "error",
    error: new TRPCError({
      code: "SERVICE_UNAVAILABLE",
      message: `The image service is not answering properly right now. ${nothing} Please try again in a few minutes.`,
      cause: error,
    }),
  };
}

/** OpenAI's moderation refusal: code "moderation_blocked" (gpt-image) or "content_policy_violation" (DALL·E). */
function isContentPolicy(error: InstanceType<typeof OpenAI.APIError>): boolean {
  const code = String(error.code ?? "");
  return (
    code === "moderation_blocked" ||
    code === "content_policy_violation" ||
    /safety system|content policy/i.test(error.message)
  );
}

/** The provider's own words, one line and bounded, without the SDK's "400 " status prefix. */
function cleanProviderMessage(error: InstanceType<typeof OpenAI.APIError>): string {
  const body = error.error as { message?: unknown } | undefined;
  const text = typeof body?.message === "string" ? body.message : error.message.replace(/^\d{3}\s+/, "");
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line.replace(/\.$/, "");
}
