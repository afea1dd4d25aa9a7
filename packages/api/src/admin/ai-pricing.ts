// Estimated model prices in US dollars per million tokens (OpenAI's list prices when written).
// Estimates for the admin's cost page, not an invoice; an unknown model has no estimate.

export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  "gpt-4o": { inputPerMillion: 2.5, outputPerMillion: 10 },
  "gpt-4o-mini": { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  "gpt-4.1": { inputPerMillion: 2, outputPerMillion: 8 },
  "gpt-4.1-mini": { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  "gpt-4.1-nano": { inputPerMillion: 0.1, outputPerMillion: 0.4 },
};

/** The price of a model, matching dated snapshots ("gpt-4o-2024-08-06") by the longest known prefix. */
export function priceOf(model: string, prices: Readonly<Record<string, ModelPrice>> = MODEL_PRICES): ModelPrice | null {
  const name = model.trim().toLowerCase();
  if (prices[name]) return prices[name];
  let best: string | null = null;
  for (const known of Object.keys(prices)) {
    if (name.startsWith(`${known}-`) && (!best || known.length > best.length)) best = known;
  }
  return best ? prices[best]! : null;
}

/** Estimated US dollars for the tokens of one model; null when the model's price is unknown. */
export function estimateCost(model: string, promptTokens: number, completionTokens: number): number | null {
  const price = priceOf(model);
  if (!price) return null;
  return (promptTokens * price.inputPerMillion + completionTokens * price.outputPerMillion) / 1_000_000;
}

/** US dollars per image by quality and size (OpenAI's list prices for gpt-image-1 when written). */
export const IMAGE_PRICES: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, number>>>>>> = {
  "gpt-image-1": {
    low: { "1024x1024": 0.011, "1024x1536": 0.016, "1536x1024": 0.016 },
    medium: { "1024x1024": 0.042, "1024x1536": 0.063, "1536x1024": 0.063 },
    high: { "1024x1024": 0.167, "1024x1536": 0.25, "1536x1024": 0.25 },
  },
  "gpt-image-1-mini": {
    low: { "1024x1024": 0.005, "1024x1536": 0.006, "1536x1024": 0.006 },
    medium: { "1024x1024": 0.011, "1024x1536": 0.015, "1536x1024": 0.015 },
    high: { "1024x1024": 0.036, "1024x1536": 0.052, "1536x1024": 0.052 },
  },
};

/** Text input tokens of the image models (image input and output are in the per-image price above, an estimate). */
const IMAGE_MODEL_TOKEN_PRICES: Readonly<Record<string, ModelPrice>> = {
  "gpt-image-1": { inputPerMillion: 5, outputPerMillion: 0 },
  "gpt-image-1-mini": { inputPerMillion: 2, outputPerMillion: 0 },
};

/** Estimated US dollars for `count` images of a model at a size and quality; null when unknown. */
export function estimateImageCostOrNull(model: string, image: { count: number; size: string; quality: string }) {
  const name = model.trim().toLowerCase();
  const known = Object.keys(IMAGE_PRICES)
    .filter((m) => name === m || name.startsWith(`${m}-`))
    .sort((a, b) => b.length - a.length)[0];
  const price = known ? IMAGE_PRICES[known]?.[image.quality]?.[image.size] : undefined;
  return price === undefined ? null : price * image.count;
}

/**
 * The estimated cost of one logged call: its tokens at the model's token price, plus its images
 * at their per-image price. Null when nothing about the call has a known price.
 */
export function estimateCallCost(
  model: string,
  promptTokens: number,
  completionTokens: number,
  image?: { count: number; size: string; quality: string } | null,
): number | null {
  if (!image || image.count === 0) return estimateCost(model, promptTokens, completionTokens);
  const imageCost = estimateImageCostOrNull(model, image);
  const tokenPrice = priceOf(model, IMAGE_MODEL_TOKEN_PRICES);
  if (imageCost === null && !tokenPrice) return null;
  const tokens = tokenPrice
    ? (promptTokens * tokenPrice.inputPerMillion + completionTokens * tokenPrice.outputPerMillion) / 1_000_000
    : 0;
  return (imageCost ?? 0) + tokens;
}
