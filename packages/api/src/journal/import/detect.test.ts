import { describe, expect, it } from "vitest";
import { ImportFormatError, readBrokerFile } from "./detect.ts";
import { BROKER_LABELS, BROKERS } from "./types.ts";

const NY = { timeZone: "America/New_York" };

describe("recognising a broker's file", () => {
  it("an unrecognised file is refused with every format we read and what identifies it", () => {
    const refuse = () => readBrokerFile("Date,Ticker,Shares\n2026-03-02,AAPL,10", NY);
    expect(refuse).toThrow(ImportFormatError);
    const message = (() => {
      try {
        refuse();
      } catch (error) {
        return (error as Error).message;
      }
    })()!;
    for (const broker of BROKERS) expect(message).toContain(BROKER_LABELS[broker]);
    expect(message).toContain(
      "Tradovate orders (columns orderId, B/S, Contract, Product, Status, Fill Time, Filled Qty, Avg Fill Price)",
    );
    expect(message).toContain(
      'thinkorswim account statement (an "Account Trade History" section with columns Exec Time',
    );
    expect(message).toContain(
      "Robinhood activity (columns Activity Date, Instrument, Trans Code, Quantity, Price, Amount)",
    );
  });

  it("a file chosen as one broker's but lacking its columns names them", () => {
    const webullish = "Symbol,Side,Status,Filled Time\nAAPL,Buy,Filled,03/02/2026 09:30:00 EST";
    expect(() => readBrokerFile(webullish, { ...NY, broker: "webull" })).toThrow(
      'This Webull orders file is missing the columns "Filled", "Avg Price".',
    );
    expect(() => readBrokerFile(webullish, { ...NY, broker: "tastytrade" })).toThrow(
      /This Tastytrade history file is missing the columns "Date", "Type", "Action"/,
    );
  });

  it("a NUL byte or a broken character in any field is refused with its line and column, not stored", () => {
    const csv =
      "Symbol,Side,Status,Filled,Avg Price,Filled Time\nAAPL,Buy,Filled,10,190.00,03/02/2026 09:30:00 EST\nAA\u0000PL,Sell,Filled,10,191.00,03/02/2026 09:31:00 EST\n";
    expect(() => readBrokerFile(csv, NY)).toThrow(
      new ImportFormatError(
        "Line 3, column 1: holds a character that is not text (a NUL byte or a broken character): export the file again as UTF-8 CSV",
      ),
    );
    expect(() => readBrokerFile(csv.replace("\u0000", "\uD800"), NY)).toThrow(/^Line 3, column 1: /);
  });

  it("separator-only rows and trailing empty columns do not stop a file", () => {
    const csv =
      "Symbol,Side,Status,Filled,Avg Price,Filled Time,,\n,,,,,,,\nAAPL,Buy,Filled,10,190.00,03/02/2026 09:30:00 EST,,\n,,,,,,,\nAAPL,Sell,Filled,10,191.00,03/02/2026 09:31:00 EST,,\n";
    const { broker, fills, errors } = readBrokerFile(csv, NY);
    expect(broker).toBe("webull");
    expect(errors).toEqual([]);
    expect(fills.map((f) => [f.line, f.side])).toEqual([
      [3, "buy"],
      [5, "sell"],
    ]);
  });
});
