import { describe, expect, it } from "vitest";
import type { AlertCondition } from "./conditions.ts";
import {
  AlertMessageTemplateSchema,
  DEFAULT_MESSAGE_TEMPLATE,
  MESSAGE_MAX_LENGTH,
  describeCondition,
  formatPrice,
  renderMessage,
} from "./message.ts";

const crossingUp: AlertCondition = { type: "crossing_up", level: 100 };
const values = { symbol: "AAPL", price: 101.5, condition: crossingUp };

describe("describeCondition", () => {
  it("says each condition in words", () => {
    expect(describeCondition({ type: "above", level: 100 })).toBe("above 100.00");
    expect(describeCondition({ type: "below", level: 0.00012345 })).toBe("below 0.00012345");
    expect(describeCondition({ type: "crossing", level: 99.5 })).toBe("crossing 99.50");
    expect(describeCondition(crossingUp)).toBe("crossing up 100.00");
    expect(describeCondition({ type: "crossing_down", level: 1234.567 })).toBe("crossing down 1234.567");
    expect(
      describeCondition({ type: "moving_up", amount: 5, unit: "percent", window: { kind: "minutes", minutes: 30 } }),
    ).toBe("moving up 5% within 30 minutes");
    expect(
      describeCondition({ type: "moving_down", amount: 2.5, unit: "dollars", window: { kind: "minutes", minutes: 1 } }),
    ).toBe("moving down $2.50 within 1 minute");
    expect(describeCondition({ type: "moving_up", amount: 0.25, unit: "percent", window: { kind: "session" } })).toBe(
      "moving up 0.25% within the session",
    );
  });
  it("formats prices with 2 to 8 decimals and never an exponent", () => {
    expect(formatPrice(100)).toBe("100.00");
    expect(formatPrice(0.00000001)).toBe("0.00000001");
    expect(formatPrice(1e9)).toBe("1000000000.00");
    expect(formatPrice(64_123.456789)).toBe("64123.456789");
  });
});

describe("renderMessage", () => {
  it("replaces the known placeholders", () => {
    expect(renderMessage(DEFAULT_MESSAGE_TEMPLATE, values)).toBe("AAPL crossing up 100.00: now 101.50");
    expect(renderMessage("{{symbol}} hit {{level}}", values)).toBe("AAPL hit 100.00");
  });
  it("replaces a repeated placeholder every time, and tolerates spaces and case", () => {
    expect(renderMessage("{{symbol}}/{{symbol}} {{ Price }}", values)).toBe("AAPL/AAPL 101.50");
  });
  it("leaves unknown placeholders and near misses as typed", () => {
    expect(renderMessage("{{ticker}} {{symbol} {symbol}} {{}}", values)).toBe("{{ticker}} {{symbol} {symbol}} {{}}");
  });
  it("leaves {{level}} as typed for a moving condition, which has none", () => {
    const moving: AlertCondition = { type: "moving_up", amount: 5, unit: "percent", window: { kind: "session" } };
    expect(renderMessage("{{level}} {{condition}}", { ...values, condition: moving })).toBe(
      "{{level}} moving up 5% within the session",
    );
  });
  it("never expands a placeholder inside a value", () => {
    expect(renderMessage("{{symbol}}", { ...values, symbol: "{{price}}" })).toBe("{{price}}");
  });
  it("bounds the result to 500 characters with an ellipsis", () => {
    const template = "{{condition}} ".repeat(35); // 490 characters typed, 35 × 19 = 665 rendered
    const text = renderMessage(template, values);
    expect(text).toHaveLength(MESSAGE_MAX_LENGTH);
    expect(text.endsWith("…")).toBe(true);
    expect(text.startsWith("crossing up 100.00 crossing up")).toBe(true);
    expect(renderMessage("x".repeat(500), values)).toBe("x".repeat(500));
  });
  it("does not split an emoji at the cut", () => {
    const text = renderMessage(`${"a".repeat(488)}{{symbol}}`, { ...values, symbol: "📈📈📈📈📈📈📈📈" });
    // 488 + 10 units of emoji fit in 499; the 11th unit would be half of the sixth emoji.
    expect(text).toBe(`${"a".repeat(488)}📈📈📈📈📈…`);
    expect(text).toHaveLength(499);
  });
});

describe("AlertMessageTemplateSchema", () => {
  const issue = (input: unknown) => AlertMessageTemplateSchema.safeParse(input).error?.issues[0]?.message;
  it("accepts 1 to 500 characters on one line", () => {
    expect(issue("a")).toBeUndefined();
    expect(issue("é".repeat(500))).toBeUndefined();
    expect(issue(DEFAULT_MESSAGE_TEMPLATE)).toBeUndefined();
  });
  it("refuses an empty, a long or a multi-line message", () => {
    expect(issue("")).toBe("Enter a message");
    expect(issue("a".repeat(501))).toBe("Keep the message to 500 characters");
    expect(issue("line one\nline two")).toBe("Use a single line without tabs or control characters");
    expect(issue("tab\there")).toBe("Use a single line without tabs or control characters");
    expect(issue("bell\u0007")).toBe("Use a single line without tabs or control characters");
    expect(issue("half \ud800 a pair")).toBe("Use whole characters only (this text has a broken one)");
    expect(issue("a whole pair 📈")).toBeUndefined();
    expect(issue(42)).toBe("Enter a message");
  });
});
