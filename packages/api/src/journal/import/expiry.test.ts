import { describe, expect, it } from "vitest";
import { readBrokerFile } from "./detect.ts";

const NY = { timeZone: "America/New_York" };
const HEADER =
  "account,time,symbol,side,quantity,price,fees,asset_class,multiplier,execution_id,underlying,expiry,strike,right";
const row = (id: string, expiry: string) =>
  `Main,2026-03-02T10:00:00-05:00,AAPL,buy,1,2.50,0.65,option,100,${id},AAPL,${expiry},190,call`;

describe("option expiries in a broker file", () => {
  it("refuse a day that does not exist or lies outside 1970–2100, by line and column; the other rows still parse", () => {
    const csv = [
      HEADER,
      row("ok", "2026-03-20"),
      row("zero", "0000-00-00"),
      row("feb30", "2026-02-30"),
      row("far", "2201-01-16"),
    ].join("\n");
    const { fills, errors } = readBrokerFile(csv, NY);
    expect(fills.map((f) => f.executionId)).toEqual(["ok"]);
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [3, "expiry"],
      [4, "expiry"],
      [5, "expiry"],
    ]);
    expect(errors[1]!.message).toMatch(/2026-02-30 is not a real expiry date/);
  });
});
