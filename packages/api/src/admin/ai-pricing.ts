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
