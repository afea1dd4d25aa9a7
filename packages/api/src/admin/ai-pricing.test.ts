import { describe, expect, it } from "vitest";
import { estimateCost, priceOf } from "./ai-pricing.ts";

describe("model prices", () => {
  it("matches exact names and dated snapshots by the longest prefix", () => {
    expect(priceOf("gpt-4o")).toEqual({ inputPerMillion: 2.5, outputPerMillion: 10 });
    expect(priceOf("gpt-4o-2024-08-06")).toEqual({ inputPerMillion: 2.5, outputPerMillion: 10 });
    expect(priceOf("gpt-4o-mini-2024-07-18")).toEqual({ inputPerMillion: 0.15, outputPerMillion: 0.6 });
    expect(priceOf("GPT-4o-Mini")).toEqual({ inputPerMillion: 0.15, outputPerMillion: 0.6 });
    expect(priceOf("gpt-4oo")).toBeNull();
    expect(priceOf("llama-3-70b")).toBeNull();
  });

  it("estimates dollars from input and output tokens", () => {
    // 1M input at $2.50 + 0.5M output at $10 = $7.50.
    expect(estimateCost("gpt-4o", 1_000_000, 500_000)).toBeCloseTo(7.5, 10);
    // 2,000 in × $0.15/M + 1,000 out × $0.60/M = $0.0003 + $0.0006.
    expect(estimateCost("gpt-4o-mini", 2_000, 1_000)).toBeCloseTo(0.0009, 12);
    expect(estimateCost("local-model", 10, 10)).toBeNull();
  });
});
