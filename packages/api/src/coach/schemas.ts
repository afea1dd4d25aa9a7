// Every coach input, bounded. The message form shares SendMessageInputSchema through field errors.
import { z } from "zod";
import { IdSchema, safeMultilineText, safeName, safeText } from "../validation/text.ts";
import { MAX_IMAGE_BYTES } from "../media/image.ts";
import { MAX_MESSAGE_CHARS } from "./sanitize.ts";

const id = IdSchema;
const title = safeName().trim().min(1, "Give the conversation a title").max(100, "Titles are at most 100 characters");

export const CreateConversationInputSchema = z.object({ title: title.optional() }).default({});
export const ConversationIdSchema = z.object({ conversationId: id });
export const RenameConversationInputSchema = z.object({ conversationId: id, title });

export const COACH_MODES = ["quick", "enhanced"] as const;
export type CoachMode = (typeof COACH_MODES)[number];

// Base64 of 10 MB is 4/3 as long; anything longer cannot decode to an acceptable image.
const MAX_BASE64_CHARS = Math.ceil(MAX_IMAGE_BYTES / 3) * 4;

export const ImageInputSchema = z.union([
  safeText()
    .max(MAX_BASE64_CHARS + 100, "Images can be at most 10 MB.")
    .transform((v) => v.replace(/^data:[a-z/+.-]+;base64,/i, ""))
    .pipe(z.base64("The image must be base64-encoded.")),
  z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_IMAGE_BYTES, "Images can be at most 10 MB."),
]);

export const SendMessageInputSchema = z.object({
  conversationId: id,
  // A little over the cap is accepted and cut by the sanitiser; far beyond it is refused outright.
  text: safeMultilineText().max(
    MAX_MESSAGE_CHARS * 2,
    `Messages are at most ${MAX_MESSAGE_CHARS.toLocaleString("en-US")} characters`,
  ),
  mode: z.enum(COACH_MODES, { error: "Choose quick or enhanced" }).default("quick"),
  image: ImageInputSchema.optional(),
});
export type SendMessageInput = z.infer<typeof SendMessageInputSchema>;
