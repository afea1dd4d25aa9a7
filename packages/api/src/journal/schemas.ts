// Every journal input, bounded. Forms share these schemas through the procedures' field errors.
import { z } from "zod";
import { calendarDay, memberInstant, type InstantOptions, type WallClock } from "../validation/dates.ts";
import { IdSchema, safeMultilineText, safeName, safeText } from "../validation/text.ts";
import { TimeZoneSchema } from "../system/time-zone.schema.ts";
import { ASSET_CLASSES, SYMBOL_PATTERN } from "./domain/instruments.ts";
import { BROKERS } from "./import/types.ts";

const id = IdSchema;
const amount = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 8 });
/**
 * A decimal as a form types it ("1,200.50") or a client sends it (a number), with ONE message per
 * problem naming the field: "Enter an entry price" when empty, "Enter an entry price between 0
 * and 999,999" when it is not such a number. `noun` is the field with its article ("an entry price").
 */
const decimalString = (noun: string, min: number, max: number) => {
  // "between 0.00000001 and …" reads badly: a positive-only field says "more than 0".
  const range =
    min > 0 && min < 1
      ? `Enter ${noun} more than 0 and at most ${amount(max)}`
      : `Enter ${noun} between ${amount(min)} and ${amount(max)}`;
  return z
    .union([safeText(), z.number()], { error: range })
    .transform((v) => String(v).trim().replace(/,/g, ""))
    .pipe(
      z.string().superRefine((v, ctx) => {
        const problem =
          v === ""
            ? `Enter ${noun}`
            : !/^-?\d+(\.\d+)?$/.test(v) || Number(v) < min || Number(v) > max
              ? range
              : !/^-?\d+(\.\d{1,8})?$/.test(v)
                ? "Use at most 8 digits after the decimal point"
                : null;
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    );
};
/** A price from 0 to 999,999; `noun` names it with its article ("an entry price"). */
export const PRICE = (noun = "a price") => decimalString(noun, 0, 999_999);
const day = calendarDay();

export const SymbolSchema = safeText()
  .trim()
  .toUpperCase()
  .min(1, "Enter a symbol")
  .max(16, "Use at most 16 characters for the symbol")
  .regex(SYMBOL_PATTERN, "Use the underlying's symbol: letters, digits, '.' or '/'");
const tagList = (tag: z.ZodString) =>
  z
    .array(tag.trim().min(1, "Type the tag").max(50, "Use at most 50 characters for each tag"))
    .max(20, "Use at most 20 tags")
    .transform((tags) => [...new Set(tags)]);
export const TagsSchema = tagList(safeName());

/**
 * The field, optional, without its default: in zod 4 `.optional()` and `.partial()` still apply
 * an inner default to a missing key, so a partial update would reset every omitted field.
 */
function leaveOut<T extends z.core.SomeType>(schema: T): LeftOut<T> {
  const inner = schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : (schema as unknown as z.ZodType);
  return inner.optional() as unknown as LeftOut<T>;
}
type LeftOut<T extends z.core.SomeType> = z.ZodOptional<
  T extends z.ZodDefault<infer Inner extends z.core.SomeType> ? Inner : T
>;

const accountFields = {
  name: safeName().trim().min(1, "Name the account").max(60, "Use at most 60 characters"),
  broker: z.enum(BROKERS, { error: "Choose a broker from the list" }),
  currency: safeText()
    .trim()
    .toUpperCase()
    .min(1, "Enter a currency code like USD")
    .regex(/^[A-Z]{3}$/, "Use a three-letter currency code like USD"),
  startingBalance: decimalString("a starting balance", 0, 1_000_000_000).nullish(),
};
export const AccountInputSchema = z.object({
  ...accountFields,
  broker: accountFields.broker.default("generic"),
  currency: accountFields.currency.default("USD"),
});
/** Only the fields given change (null clears the starting balance). */
export const UpdateAccountInputSchema = z.object(accountFields).partial().extend({ accountId: id });

const setupFields = {
  name: safeName().trim().min(1, "Name the setup").max(80, "Use at most 80 characters"),
  description: safeMultilineText().trim().max(500, "Use at most 500 characters"),
};
export const SetupInputSchema = z.object({ ...setupFields, description: setupFields.description.default("") });
/** Only the fields given change. */
export const UpdateSetupInputSchema = z.object(setupFields).partial().extend({ setupId: id });

export const TradeFiltersSchema = z
  .object({
    from: day.optional(),
    to: day.optional(),
    accountId: id.optional(),
    symbol: SymbolSchema.optional(),
    side: z.enum(["long", "short"]).optional(),
    outcome: z.enum(["win", "loss", "scratch"]).optional(),
    status: z.enum(["open", "closed"]).optional(),
    // Plain safe text, not safeName: tags stored before names were checked can still be found.
    tag: safeText().trim().max(50).optional(),
    setupId: id.optional(),
    assetClass: z.enum(ASSET_CLASSES).optional(),
    /** The trade's latest grade. */
    grade: z.enum(["A", "B", "C", "D", "F"], { error: "Choose a grade from A to F" }).optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    path: ["to"],
    message: "The end date is before the start date",
  });
export type TradeFilters = z.infer<typeof TradeFiltersSchema>;

export const ListTradesInputSchema = z.object({
  filters: TradeFiltersSchema.default({}),
  sort: z.enum(["entryAt", "netPnl", "symbol"]).default("entryAt"),
  order: z.enum(["asc", "desc"]).default("desc"),
  cursor: id.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

const OptionSchema = z.object({
  expiry: calendarDay("Enter the option expiry as a date like 2026-03-02"),
  strike: PRICE("an option strike"),
  right: z.enum(["call", "put"], { error: "Choose call or put" }),
});

/** Entry and exit are when something happened: not in the future; zoneless times are the member's. */
export const ENTRY_TIME: InstantOptions = {
  label: "Entry time",
  required: "Enter when the trade was opened",
  future: false,
};
export const EXIT_TIME: InstantOptions = { label: "Exit time", future: false };

const RATING = "Choose a rating from 1 to 5";
const tradeFields = {
  symbol: SymbolSchema,
  assetClass: z.enum(ASSET_CLASSES, { error: "Choose an asset class from the list" }).default("stock"),
  direction: z.enum(["long", "short"], { error: "Choose long or short" }),
  quantity: decimalString("a quantity", 0.00000001, 100_000_000),
  entryPrice: PRICE("an entry price"),
  entryAt: memberInstant(ENTRY_TIME),
  exitPrice: PRICE("an exit price").nullish(),
  exitAt: memberInstant(EXIT_TIME).nullish(),
  fees: decimalString("fees", 0, 100_000).default("0"),
  multiplier: decimalString("a multiplier", 0.0001, 1_000_000).nullish(),
  option: OptionSchema.nullish(),
  stopLoss: PRICE("a stop loss").nullish(),
  takeProfit: PRICE("a take profit").nullish(),
  /** A hand-typed net P&L, kept instead of the computed one and marked as such. */
  netPnlOverride: decimalString("a P&L", -99_999_999, 99_999_999).nullish(),
  setupId: IdSchema.nullish(),
  tags: TagsSchema.default([]),
  notes: safeMultilineText().max(10_000, "Use at most 10,000 characters for your notes").default(""),
  rating: z.number({ error: RATING }).int(RATING).min(1, RATING).max(5, RATING).nullish(),
  emotions: z
    .array(safeName().trim().min(1, "Type the emotion").max(30, "Use at most 30 characters for each emotion"))
    .max(10, "Use at most 10 emotions")
    .default([]),
  mistakes: z
    .array(safeName().trim().min(1, "Type the mistake").max(40, "Use at most 40 characters for each mistake"))
    .max(10, "Use at most 10 mistakes")
    .default([]),
};

type TradeTime = Date | WallClock;
/** True when both are instants and the exit comes first (wall-clock times are compared once the handler reads them in the member's zone). */
export const exitBeforeEntry = (entryAt: TradeTime | null | undefined, exitAt: TradeTime | null | undefined) =>
  entryAt instanceof Date && exitAt instanceof Date && exitAt < entryAt;

const exitConsistency = (
  t: { exitPrice?: string | null; exitAt?: TradeTime | null; entryAt?: TradeTime },
  ctx: z.RefinementCtx,
) => {
  if ((t.exitPrice == null) !== (t.exitAt == null)) {
    ctx.addIssue({
      code: "custom",
      path: [t.exitPrice == null ? "exitPrice" : "exitAt"],
      message: "Give both the exit price and time, or neither",
    });
  }
  if (exitBeforeEntry(t.entryAt, t.exitAt))
    ctx.addIssue({ code: "custom", path: ["exitAt"], message: "The exit is before the entry" });
};

// The form's account list: an empty choice is "Choose an account", not "Give an id".
const TradeAccountIdSchema = safeText().trim().min(1, "Choose an account").max(64, "Ids are at most 64 characters");
export const CreateTradeInputSchema = z
  .object({ accountId: TradeAccountIdSchema, ...tradeFields })
  .superRefine((t, ctx) => {
    exitConsistency(t, ctx);
    if (t.assetClass === "option" && !t.option)
      ctx.addIssue({ code: "custom", path: ["option"], message: "An option needs its expiry, strike and right" });
  });
export type CreateTradeInput = z.infer<typeof CreateTradeInputSchema>;

export const UpdateTradeInputSchema = z
  .object({ tradeId: id, ...Object.fromEntries(Object.entries(tradeFields).map(([k, v]) => [k, leaveOut(v)])) } as {
    tradeId: typeof id;
  } & { [K in keyof typeof tradeFields]: LeftOut<(typeof tradeFields)[K]> })
  // Exit price and time may change one at a time; the handler checks the trade they make together.
  .superRefine((t, ctx) => {
    const { exitAt, entryAt } = t as { exitAt?: TradeTime | null; entryAt?: TradeTime };
    if (exitBeforeEntry(entryAt, exitAt))
      ctx.addIssue({ code: "custom", path: ["exitAt"], message: "The exit is before the entry" });
  });
export type UpdateTradeInput = z.infer<typeof UpdateTradeInputSchema>;

export const TradeIdSchema = z.object({ tradeId: id });
export const BulkTagInputSchema = z.object({
  tradeIds: z.array(id).min(1, "Select at least one trade").max(500, "At most 500 trades at once"),
  add: TagsSchema.default([]),
  // Any tag a trade holds can be removed, one stored before names were checked for invisible characters too.
  remove: tagList(safeText()).default([]),
});

import { MAX_IMPORT_BYTES } from "../constants.ts";

export { MAX_IMPORT_BYTES };
export const MAX_IMPORT_ROWS = 50_000;
export const ImportInputSchema = z.object({
  accountId: id,
  broker: z.enum(BROKERS, { error: `Choose one of: ${BROKERS.join(", ")}` }).optional(),
  fileName: safeText().trim().min(1).max(200),
  /** The zone of the file's times when it names none; absent: the broker's (BROKER_TIME_ZONES), else the member's. */
  fileTimeZone: TimeZoneSchema.optional(),
  // The CSV reader refuses NUL and unpaired surrogates itself, naming the line and column.
  content: z.string().max(MAX_IMPORT_BYTES, "The file is larger than 10 MB"),
  /** Tradovate: the member's cost per contract per side by futures root (MES → "0.62"), over our estimates. */
  feesPerContract: z
    .record(
      safeText().regex(/^[A-Z0-9]{1,8}$/, "Use a futures root symbol like MES"),
      decimalString("a fee per contract", 0, 1000),
    )
    .refine((fees) => Object.keys(fees).length <= 50, "At most 50 products")
    .optional(),
  /** Futures roots our table lacks: the member's point value (dollars per 1.0 of price), remembered for later imports. */
  pointValues: z
    .record(
      safeText().regex(/^[A-Z0-9]{1,8}$/, "Use a futures root symbol like MBT"),
      decimalString("a point value", 0.00000001, 1_000_000),
    )
    .refine((values) => Object.keys(values).length <= 50, "At most 50 products")
    .optional(),
});
/** The preview's trades come a page at a time: a file of 24,000 fills is summed up per symbol, not listed at once. */
export const IMPORT_PREVIEW_PAGE_SIZE = 100;
export const ImportPreviewInputSchema = ImportInputSchema.extend({
  page: z.number().int().min(1).max(MAX_IMPORT_ROWS).default(1),
});
export const ImportCommitInputSchema = ImportInputSchema.extend({
  /**
   * The member's choice to import a file with problem rows: how many rows they saw refused and
   * agreed to leave out. Without it, or when the file now has another number, nothing is imported.
   */
  skipRowsWithProblems: z.number().int().min(1).max(MAX_IMPORT_ROWS).optional(),
  /** A random id the page polls imports.progress with while the commit runs. */
  progressId: z.uuid("progressId must be a UUID").optional(),
});
export const ImportProgressInputSchema = z.strictObject({ progressId: z.uuid("progressId must be a UUID") });
export const ImportIdSchema = z.object({ importId: id });
