// The check before a watchlist item or an alert is stored, against the simulated market (which
// prices any well-formed text, so its catalog decides what is known).
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { inputErrorsOf } from "../trpc.ts";
import { createMarket } from "./index.ts";
import { requireKnownSymbol } from "./known-symbol.ts";

const ctx = { market: createMarket({ now: () => Date.UTC(2026, 0, 15, 15, 0) }) };

async function refusal(symbol: string): Promise<TRPCError> {
  const error = await requireKnownSymbol(ctx, symbol).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`${symbol} was not refused with a TRPCError: ${String(error)}`);
  return error;
}

describe("requireKnownSymbol", () => {
  it("lets a listed stock, a crypto ticker and a futures contract of a listed root through", async () => {
    await expect(requireKnownSymbol(ctx, "AAPL")).resolves.toBeUndefined();
    await expect(requireKnownSymbol(ctx, "BTC")).resolves.toBeUndefined();
    // ESZ6 is not in the catalog itself; its root ES is.
    await expect(requireKnownSymbol(ctx, "ESZ6")).resolves.toBeUndefined();
  });

  it("refuses an unlisted symbol on the symbol field, suggesting what the longest matching start finds", async () => {
    const error = await refusal("AAPX");
    expect(error.code).toBe("BAD_REQUEST");
    const fields = inputErrorsOf(error.cause)?.fieldErrors.symbol ?? [];
    expect(fields).toHaveLength(1);
    expect(fields[0]).toContain("AAPX");
    expect(fields[0]).toMatch(/Did you mean .*AAPL/);
  });

  it("refuses text that starts like nothing listed without suggestions", async () => {
    const error = await refusal("9ZZZ");
    const [message] = inputErrorsOf(error.cause)?.fieldErrors.symbol ?? [];
    expect(message).toContain("9ZZZ");
    expect(message).not.toContain("Did you mean");
  });
});
