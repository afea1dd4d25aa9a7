// What a member reads beside each field of the trade and account forms: one message per field,
// in words that say what to do (issue 13).
import { describe, expect, it } from "vitest";
import { inputErrorsOf } from "../trpc.ts";
import { AccountInputSchema, CreateTradeInputSchema, SetupInputSchema } from "./schemas.ts";

const base = {
  accountId: "acc_1",
  symbol: "AAPL",
  direction: "long",
  quantity: "10",
  entryPrice: "100",
  entryAt: "2026-03-02T14:30:00Z",
};

function fieldErrorsOf(schema: { safeParse: (v: unknown) => { error?: unknown } }, input: unknown, nested = false) {
  return inputErrorsOf(schema.safeParse(input).error, { nested })?.fieldErrors ?? {};
}

describe("trade form messages", () => {
  it("says what to enter for empty required fields, one message each", () => {
    const errors = fieldErrorsOf(CreateTradeInputSchema, {
      ...base,
      accountId: "",
      symbol: "  ",
      quantity: "",
      entryPrice: "",
    });
    expect(errors).toEqual({
      accountId: ["Choose an account"],
      symbol: ["Enter a symbol"],
      quantity: ["Enter a quantity"],
      entryPrice: ["Enter an entry price"],
    });
  });

  it("gives the range of a price that is not a number or out of range", () => {
    for (const entryPrice of ["abc", "-1", "1000000", "1e5"]) {
      expect(fieldErrorsOf(CreateTradeInputSchema, { ...base, entryPrice }).entryPrice).toEqual([
        "Enter an entry price between 0 and 999,999",
      ]);
    }
    expect(fieldErrorsOf(CreateTradeInputSchema, { ...base, entryPrice: "1.123456789" }).entryPrice).toEqual([
      "Use at most 8 digits after the decimal point",
    ]);
    expect(fieldErrorsOf(CreateTradeInputSchema, { ...base, quantity: "0" }).quantity).toEqual([
      "Enter a quantity more than 0 and at most 100,000,000",
    ]);
  });

  it("refuses an over-long symbol or notes with how long they may be, never cutting them", () => {
    const errors = fieldErrorsOf(CreateTradeInputSchema, {
      ...base,
      symbol: "A".repeat(17),
      notes: "x".repeat(10_001),
    });
    expect(errors).toEqual({
      symbol: ["Use at most 16 characters for the symbol"],
      notes: ["Use at most 10,000 characters for your notes"],
    });
    expect(CreateTradeInputSchema.parse({ ...base, notes: "x".repeat(10_000) }).notes).toHaveLength(10_000);
  });

  it("keys an option's parts by their path when asked, so each shows beside its own field", () => {
    const input = { ...base, assetClass: "option", option: { expiry: "2026-02-30", strike: "x", right: "both" } };
    expect(fieldErrorsOf(CreateTradeInputSchema, input, true)).toEqual({
      "option.expiry": ["Enter the option expiry as a date like 2026-03-02, from 1970-01-01 to 2100-12-31"],
      "option.strike": ["Enter an option strike between 0 and 999,999"],
      "option.right": ["Choose call or put"],
    });
    // Without `nested`, the object field carries its first problem only.
    expect(fieldErrorsOf(CreateTradeInputSchema, input)).toEqual({
      option: ["Enter the option expiry as a date like 2026-03-02, from 1970-01-01 to 2100-12-31"],
    });
    // Tags are a list: a bad tag is the tags field's problem, not "tags.3".
    expect(fieldErrorsOf(CreateTradeInputSchema, { ...base, tags: ["ok", "t".repeat(51)] }, true)).toEqual({
      tags: ["Use at most 50 characters for each tag"],
    });
  });
});

describe("account and setup form messages", () => {
  it("names what is missing and how long a name may be", () => {
    expect(fieldErrorsOf(AccountInputSchema, { name: "", currency: "" })).toEqual({
      name: ["Name the account"],
      currency: ["Enter a currency code like USD"],
    });
    expect(fieldErrorsOf(AccountInputSchema, { name: "n".repeat(61), startingBalance: "lots" })).toEqual({
      name: ["Use at most 60 characters"],
      startingBalance: ["Enter a starting balance between 0 and 1,000,000,000"],
    });
    expect(fieldErrorsOf(SetupInputSchema, { name: "", description: "d".repeat(501) })).toEqual({
      name: ["Name the setup"],
      description: ["Use at most 500 characters"],
    });
  });
});
