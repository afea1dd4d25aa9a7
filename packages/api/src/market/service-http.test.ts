// The service over the real HTTP providers against the local market stub: what a member sees
// when Massive or CoinGecko answer, fail, or answer nonsense.
import { createLogger } from "@tradecraft/config";
import { startMarketStub } from "@tradecraft/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createCoinGeckoProvider } from "./coingecko.ts";
import { createMarket } from "./index.ts";
import { createMassiveProvider } from "./massive.ts";
import { MarketUnavailableError, SymbolNotFoundError } from "./types.ts";

const T0 = Date.UTC(2026, 11, 7, 15, 30);
const clock = { now: T0 };
const stub = await startMarketStub({ now: () => clock.now });
afterAll(() => stub.close());

const lines: Record<string, unknown>[] = [];
const logger = createLogger({
  level: "warn",
  destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
});
const SNAPSHOT = "/v2/snapshot/locale/us/markets/stocks/tickers";

/** A fresh service (empty cache) over providers pointed at the stub, retries without waiting. */
function service() {
  const common = { logger, now: () => clock.now, sleep: async () => {} };
  return createMarket({
    providers: {
      massive: createMassiveProvider({ ...common, apiKey: "test-massive-key", baseUrl: stub.massiveUrl }),
      coingecko: createCoinGeckoProvider({ ...common, baseUrl: stub.coingeckoUrl }),
    },
    logger,
    now: () => clock.now,
  });
}

beforeEach(() => {
  stub.reset();
  clock.now = T0;
  lines.length = 0;
});

describe("the market service over HTTP", () => {
  it("quotes a stock from Massive and a coin from CoinGecko in one watchlist, futures simulated", async () => {
    const result = await service().quotes(["AAPL", "BTC", "ES"]);
    expect(result.data.map((q) => q.symbol)).toEqual(["AAPL", "BTC", "ES"]);
    expect(result.data.every((q) => Number.isFinite(q.price) && q.price > 0)).toBe(true);
    expect(result).toMatchObject({ stale: false, simulated: false, asOf: T0 });
    expect(result.warnings).toEqual(["ES: massive has no future data, so it is simulated.", "Simulated: ES."]);
    expect(
      stub.requests.map((r) => r.path).filter((p) => p.includes(SNAPSHOT) || p.includes("/simple/price")),
    ).toHaveLength(2);
  });

  it("serves the last good quote marked stale when Massive starts answering 500, and logs the failure", async () => {
    const market = service();
    const fresh = await market.quote("AAPL");
    clock.now = T0 + 30_000;
    stub.respondWith({ path: SNAPSHOT, status: 500 });
    const served = await market.quote("AAPL");
    expect(served).toMatchObject({ data: fresh.data, stale: true, asOf: T0, source: "massive" });
    expect(served.warnings).toEqual(["Delayed: AAPL as of 15:30:00 UTC."]);
    expect(lines.filter((l) => l.msg === "market provider failed")).toMatchObject([
      { provider: "massive", kind: "quote", status: 500, symbol: "AAPL" },
    ]);
  });

  it("says unavailable when Massive fails and nothing was served before, even for a malformed answer", async () => {
    stub.respondWith({ path: SNAPSHOT, status: 503 });
    await expect(service().quote("MSFT")).rejects.toBeInstanceOf(MarketUnavailableError);
    stub.respondWith({ path: SNAPSHOT, malformed: true });
    await expect(service().quote("MSFT")).rejects.toBeInstanceOf(MarketUnavailableError);
  });

  it("keeps serving the watchlist's stocks while CoinGecko is down, naming the coin", async () => {
    stub.respondWith({ path: "/simple/price", status: 500 });
    const result = await service().quotes(["AAPL", "ETH"]);
    expect(result.data.map((q) => q.symbol)).toEqual(["AAPL"]);
    expect(result.warnings).toEqual(["Quotes unavailable right now: ETH."]);
  });

  it("says not found, with suggestions, for a symbol Massive does not know", async () => {
    stub.respondWith({ path: SNAPSHOT, status: 200, body: { status: "OK", tickers: [] } });
    const error = await service()
      .quote("ZZQX")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SymbolNotFoundError);
    expect(Array.isArray((error as SymbolNotFoundError).suggestions)).toBe(true);
  });
});
