// Runs with `pnpm --filter @tradecraft/web test`.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { contractName } from "./option-contract.ts";

describe("contractName", () => {
  it("names an option by underlying, expiry (whatever the server's zone), strike and right", () => {
    const option = (expiry: string, strike: string, right: "call" | "put") => ({ expiry, strike, right });
    assert.equal(
      contractName({ symbol: "SPY", option: option("2026-03-20", "575", "put") }),
      "SPY 20 Mar 26 575.00 put",
    );
    assert.equal(
      contractName({ symbol: "QQQ", option: option("2026-01-01", "502.5", "call") }),
      "QQQ 1 Jan 26 502.50 call",
    );
  });

  it("names shares as such", () => {
    assert.equal(contractName({ symbol: "AAPL", option: null }), "AAPL shares");
  });
});
