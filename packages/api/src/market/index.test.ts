import { describe, expect, it } from "vitest";
import { createContext } from "../context.ts";
import { createMarket, getMarket } from "./index.ts";
import { createSimulatedProvider } from "./simulated.ts";

describe("the market service on the context", () => {
  it("is built once per process and put on every request's context", async () => {
    const market = getMarket();
    expect(getMarket()).toBe(market);
    const ctx = await createContext({ headers: new Headers(), app: "web" });
    expect(ctx.market).toBe(market);
    // The test environment sets no provider keys: everything is simulated, and says so.
    expect(process.env.MASSIVE_API_KEY ?? "").toBe("");
    expect(market.providerFor("AAPL")).toEqual({ name: "simulated", simulated: true });
  });

  it("builds the simulated provider on the given clock when a test passes none", async () => {
    const now = Date.UTC(2026, 2, 10, 15);
    const market = createMarket({ now: () => now });
    const [expected] = await createSimulatedProvider({ now: () => now }).quotes(["NVDA"]);
    expect((await market.quote("NVDA")).data).toEqual(expected);
  });
});
