import { describe, expect, it } from "vitest";
import {
  classifySymbol,
  coinGeckoId,
  futuresRoot,
  normalizeSymbol,
  parseOptionTicker,
  tickerOfCoinGeckoId,
} from "./symbols.ts";

describe("classifySymbol", () => {
  it.each([
    ["AAPL", "stock"],
    ["BRK.B", "stock"],
    ["SPY", "etf"],
    ["SPX", "index"],
    ["BTC", "crypto"],
    ["BTC-USD", "crypto"],
    ["BTCUSD", "crypto"],
    ["X:BTCUSD", "crypto"],
    ["ETH/USDT", "crypto"],
    ["ES", "future"],
    ["ESZ6", "future"],
    ["MNQH27", "future"],
    ["6EM6", "future"],
    ["/CL", "future"],
    ["O:AAPL261218C00190000", "option"],
    ["SPY261207P00560000", "option"],
    ["C:EURUSD", "fx"],
    ["ESZZ", "stock"],
  ] as const)("%s is a %s", (symbol, assetClass) => {
    expect(classifySymbol(symbol)).toBe(assetClass);
  });
});

describe("symbol forms", () => {
  it("normalises crypto pairs to the ticker and leaves the rest upper-cased", () => {
    expect(["X:BTCUSD", "btc-usd", "BTCUSDT", "ETH/USD"].map(normalizeSymbol)).toEqual(["BTC", "BTC", "BTC", "ETH"]);
    expect(normalizeSymbol(" aapl ")).toBe("AAPL");
    expect(normalizeSymbol("XYZUSD")).toBe("XYZUSD");
  });

  it("finds futures roots with or without a month code", () => {
    expect(futuresRoot("ESZ6")).toBe("ES");
    expect(futuresRoot("RTYU26")).toBe("RTY");
    expect(futuresRoot("ESA6")).toBeNull(); // A is no month code
    expect(futuresRoot("AAPL")).toBeNull();
  });

  it("reads OCC option tickers", () => {
    expect(parseOptionTicker("O:AAPL261218C00190000")).toEqual({
      underlying: "AAPL",
      expiration: "2026-12-18",
      type: "call",
      strike: 190,
    });
    expect(parseOptionTicker("SPY261207P00562500")).toEqual({
      underlying: "SPY",
      expiration: "2026-12-07",
      type: "put",
      strike: 562.5,
    });
    expect(parseOptionTicker("AAPL")).toBeNull();
  });

  it("maps crypto tickers to CoinGecko ids and back", () => {
    expect(coinGeckoId("BTC")).toBe("bitcoin");
    expect(coinGeckoId("X:ETHUSD")).toBe("ethereum");
    expect(coinGeckoId("AVAX")).toBe("avalanche-2");
    expect(coinGeckoId("AAPL")).toBeNull();
    expect(tickerOfCoinGeckoId("solana")).toBe("SOL");
    expect(tickerOfCoinGeckoId("nope")).toBeNull();
  });
});
