// Times a file writes without a zone are read in the broker's documented zone (New York for US
// brokers that write exchange time), or in the zone the member picks on the import page (issue 13).
import { describe, expect, it } from "vitest";
import { ImportInputSchema } from "../schemas.ts";
import { readBrokerFile } from "./detect.ts";
import { fixture } from "./fixtures/helpers.ts";

const PARIS = { timeZone: "Europe/Paris" };

describe("the zone of a file's times", () => {
  it("a thinkorswim statement is read in New York time whatever the member's zone", () => {
    const result = readBrokerFile(fixture("thinkorswim-statement.csv"), PARIS);
    expect(result.timeZone).toBe("America/New_York");
    // 3/2/26 09:35:12 in New York.
    expect(result.fills[0]!.executedAt.toISOString()).toBe("2026-03-02T14:35:12.000Z");
  });

  it("the member's choice wins over the broker's", () => {
    const result = readBrokerFile(fixture("thinkorswim-statement.csv"), { ...PARIS, fileTimeZone: "Europe/Paris" });
    expect(result.timeZone).toBe("Europe/Paris");
    expect(result.fills[0]!.executedAt.toISOString()).toBe("2026-03-02T08:35:12.000Z");
  });

  it("a file whose broker has no documented zone is read in the member's", () => {
    const csv = [
      "time,symbol,side,quantity,price,fees,asset_class,execution_id",
      "2026-03-02 09:35:00,AAPL,buy,10,190,1,stock,x1",
    ].join("\n");
    const result = readBrokerFile(csv, PARIS);
    expect(result.broker).toBe("generic");
    expect(result.timeZone).toBe("Europe/Paris");
    expect(result.fills[0]!.executedAt.toISOString()).toBe("2026-03-02T08:35:00.000Z");
  });

  it("a zone that is not one is refused by the import's input", () => {
    const input = { accountId: "c".repeat(25), fileName: "a.csv", content: "x" };
    expect(ImportInputSchema.safeParse({ ...input, fileTimeZone: "Mars/Olympus" }).success).toBe(false);
    expect(ImportInputSchema.safeParse({ ...input, fileTimeZone: "America/Chicago" }).success).toBe(true);
  });
});
