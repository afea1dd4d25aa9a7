// Inputs of screenshots.*: every one bounded; the image itself is checked by media/image.ts.
import { z } from "zod";
import { IdSchema, safeText } from "../validation/text.ts";
import { MAX_IMAGE_BYTES } from "../media/image.ts";

const id = IdSchema;
export { MAX_SCREENSHOTS_PER_TRADE } from "../constants.ts";
const TOO_BIG = `Images can be at most ${MAX_IMAGE_BYTES / (1024 * 1024)} MB.`;
// Base64 of MAX_IMAGE_BYTES bytes, so a string is refused by its length before it is decoded.
const MAX_BASE64_LENGTH = 4 * Math.ceil(MAX_IMAGE_BYTES / 3);

/** The image's bytes: a Uint8Array from server code, or base64 text over HTTP (superjson has no binary). */
export const ImageContentSchema = z
  .custom<Uint8Array | string>(
    (value) => value instanceof Uint8Array || typeof value === "string",
    "Choose an image to upload.",
  )
  .superRefine((value, ctx) => {
    // One schema rather than a union, so a refusal names the real problem instead of "Invalid input".
    if (typeof value !== "string") {
      if (value.byteLength > MAX_IMAGE_BYTES) ctx.addIssue({ code: "custom", message: TOO_BIG });
    } else if (value.length > MAX_BASE64_LENGTH) ctx.addIssue({ code: "custom", message: TOO_BIG });
    else if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value))
      ctx.addIssue({ code: "custom", message: "The image must be base64-encoded." });
  })
  .transform((value) => (typeof value === "string" ? new Uint8Array(Buffer.from(value, "base64")) : value));

// Browsers send a bare name, but old ones sent a whole path; the name is only ever displayed.
// Controls are refused like any text; format characters (a bidi override hiding ".exe") are dropped.
export const FileNameSchema = safeText()
  .trim()
  .min(1, "Choose an image to upload.")
  .max(200, "File names are at most 200 characters.")
  .transform(
    (name) =>
      name
        .split(/[/\\]/)
        .pop()!
        .replace(/[\p{Cc}\p{Cf}]/gu, "")
        .trim() || "image",
  );

export const AddScreenshotInputSchema = z.object({
  tradeId: id,
  fileName: FileNameSchema,
  caption: safeText().trim().max(300, "Captions are at most 300 characters.").default(""),
  content: ImageContentSchema,
});
export type AddScreenshotInput = z.infer<typeof AddScreenshotInputSchema>;

export const ScreenshotIdSchema = z.object({ screenshotId: id });
/** The serving route names the trade too: a screenshot read through another trade's URL is not found. */
export const ReadScreenshotInputSchema = z.object({ screenshotId: id, tradeId: id.optional() });
