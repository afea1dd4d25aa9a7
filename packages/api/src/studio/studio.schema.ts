// Inputs of studio.*: every one bounded. Images themselves are checked by media/image.ts (sharp).
import { z } from "zod";
import { FileNameSchema, ImageContentSchema } from "../journal/screenshots.schema.ts";
import { IdSchema, safeMultilineText } from "../validation/text.ts";

/** The aspect ratios the Studio offers, and the model size each one asks for (gpt-image-1's sizes). */
export const ASPECT_RATIOS = ["1:1", "3:2", "2:3"] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];
export const SIZE_OF: Record<AspectRatio, "1024x1024" | "1536x1024" | "1024x1536"> = {
  "1:1": "1024x1024",
  "3:2": "1536x1024",
  "2:3": "1024x1536",
};

export const MAX_PROMPT_LENGTH = 4_000;
export const MAX_REFERENCE_IMAGES = 4;
/** Edits in one chain: the 20th edit is the last (editCount counts a generation's ancestors). */
export const MAX_EDIT_DEPTH = 20;
export const MAX_PAGE_SIZE = 50;

const prompt = (what: string) =>
  safeMultilineText()
    .trim()
    .min(1, `Describe the ${what}.`)
    .max(MAX_PROMPT_LENGTH, `The ${what} can be at most ${MAX_PROMPT_LENGTH.toLocaleString("en-US")} characters.`);

export const AspectRatioSchema = z.enum(ASPECT_RATIOS, { error: "Choose an aspect ratio: 1:1, 3:2 or 2:3." });

export const GenerateInputSchema = z.object({
  prompt: prompt("image you want"),
  aspectRatio: AspectRatioSchema,
  referenceImageIds: z
    .array(IdSchema)
    .max(MAX_REFERENCE_IMAGES, `Use at most ${MAX_REFERENCE_IMAGES} reference images.`)
    .refine((ids) => new Set(ids).size === ids.length, "Each reference image can be used once.")
    .default([]),
});
export type GenerateInput = z.infer<typeof GenerateInputSchema>;

export const UploadInputSchema = z.object({
  content: ImageContentSchema,
  fileName: FileNameSchema.optional(),
});
export type UploadInput = z.infer<typeof UploadInputSchema>;

export const DiscardReferencesInputSchema = z.object({
  ids: z.array(IdSchema).min(1, "Name the reference images to discard.").max(MAX_REFERENCE_IMAGES),
});

export const ListInputSchema = z.object({
  page: z.coerce.number().int("Pages are whole numbers.").min(1, "Pages start at 1.").max(100_000).default(1),
  pageSize: z.coerce
    .number()
    .int("The page size is a whole number.")
    .min(1, "Show at least 1 a page.")
    .max(MAX_PAGE_SIZE, `Show at most ${MAX_PAGE_SIZE} a page.`)
    .default(24),
});
export type ListInput = z.infer<typeof ListInputSchema>;

export const GenerationIdSchema = z.object({ id: IdSchema });

export const ImageInputSchema = z.object({
  id: IdSchema,
  variant: z.enum(["full", "thumbnail"], { error: "Ask for the full image or its thumbnail." }).default("full"),
});

export const EditInputSchema = z.object({ id: IdSchema, editPrompt: prompt("change you want") });
export type EditInput = z.infer<typeof EditInputSchema>;
