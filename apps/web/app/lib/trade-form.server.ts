// The edit form posts every field; journal.update takes only what changed, so an imported
// trade's untouched prices are never sent back (the API refuses to type over fills) and an
// untouched time keeps its milliseconds.
import type { TradeDto } from "@tradecraft/api";
import { localDateTime } from "./journal.server";

/** The form's fields, named as journal.update names them. */
export const TRADE_FORM_FIELDS = [
  "symbol",
  "assetClass",
  "direction",
  "quantity",
  "entryPrice",
  "entryAt",
  "exitPrice",
  "exitAt",
  "fees",
  "multiplier",
  "optionExpiry",
  "optionStrike",
  "optionRight",
  "stopLoss",
  "takeProfit",
  "netPnlOverride",
  "setupId",
  "tags",
  "notes",
  "rating",
  "emotions",
  "mistakes",
] as const;
export type TradeFormValues = Partial<Record<(typeof TRADE_FORM_FIELDS)[number], string>>;

/** What the member typed, as strings, to put back into the form when it is refused. */
export function tradeFormValues(form: FormData): TradeFormValues {
  return Object.fromEntries(TRADE_FORM_FIELDS.filter((k) => form.has(k)).map((k) => [k, String(form.get(k) ?? "")]));
}

/** "1,200.50" and "1200.5" are the same number; anything else compares as typed. */
export function canonicalDecimal(value: string | null | undefined): string {
  const text = (value ?? "").trim().replace(/,/g, "");
  const m = /^(-?)0*(\d+?)(?:\.(\d*?)0*)?$/.exec(text);
  if (!m) return text;
  const [, sign, whole, fraction] = m;
  const body = fraction ? `${whole}.${fraction}` : whole!;
  return body === "0" ? "0" : `${sign}${body}`;
}

const list = (text: string) =>
  text
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
const sameSecond = (a: Date | null, b: string | Date | null) =>
  a === null || b === null ? a === b : Math.floor(a.getTime() / 1000) === Math.floor(new Date(b).getTime() / 1000);

type Current = Pick<
  TradeDto,
  | "symbol"
  | "assetClass"
  | "direction"
  | "quantity"
  | "entryPrice"
  | "entryAt"
  | "exitPrice"
  | "exitAt"
  | "fees"
  | "multiplier"
  | "optionExpiry"
  | "optionStrike"
  | "optionRight"
  | "stopLoss"
  | "takeProfit"
  | "netPnl"
  | "pnlOverride"
  | "setupId"
  | "tags"
  | "notes"
  | "rating"
  | "emotions"
  | "mistakes"
> & { entryAt: Date | string; exitAt: Date | string | null };

/**
 * The journal.update input for what differs between the posted form and the trade: fields the
 * form left as they were are omitted. Unreadable values are passed on as typed, so the
 * procedure's schema names the field that is wrong.
 */
export function tradeChanges(form: FormData, current: Current, timeZone: string): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  const has = (name: string) => form.has(name);
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const decimal = (name: "quantity" | "entryPrice" | "fees" | "multiplier", optional = false) => {
    if (!has(name)) return;
    const typed = text(name);
    if (canonicalDecimal(typed) !== canonicalDecimal(current[name])) changes[name] = optional && !typed ? null : typed;
  };
  const nullableDecimal = (name: "exitPrice" | "stopLoss" | "takeProfit") => {
    if (!has(name)) return;
    const typed = text(name);
    if (canonicalDecimal(typed) !== canonicalDecimal(current[name])) changes[name] = typed || null;
  };
  const time = (name: "entryAt" | "exitAt") => {
    if (!has(name)) return;
    const typed = localDateTime(form.get(name), timeZone);
    // An unreadable time is sent as a value the schema refuses with its own message.
    if (typed === undefined) changes[name] = "invalid";
    else if (!sameSecond(typed, current[name])) changes[name] = name === "entryAt" ? (typed ?? "") : typed;
  };

  if (has("symbol") && text("symbol").toUpperCase() !== current.symbol) changes.symbol = text("symbol");
  if (has("assetClass") && text("assetClass") !== current.assetClass) changes.assetClass = text("assetClass");
  if (has("direction") && text("direction") !== current.direction) changes.direction = text("direction");
  decimal("quantity");
  decimal("entryPrice");
  time("entryAt");
  nullableDecimal("exitPrice");
  time("exitAt");
  decimal("fees");
  decimal("multiplier", true);
  if (has("optionExpiry") && (changes.assetClass ?? current.assetClass) === "option") {
    const option = { expiry: text("optionExpiry"), strike: text("optionStrike"), right: text("optionRight") };
    const same =
      option.expiry === (current.optionExpiry ?? "") &&
      canonicalDecimal(option.strike) === canonicalDecimal(current.optionStrike) &&
      option.right === (current.optionRight ?? "");
    if (!same) changes.option = option;
  }
  nullableDecimal("stopLoss");
  nullableDecimal("takeProfit");
  if (has("netPnlOverride")) {
    const typed = text("netPnlOverride");
    if (!typed && current.pnlOverride) changes.netPnlOverride = null;
    else if (typed && (!current.pnlOverride || canonicalDecimal(typed) !== canonicalDecimal(current.netPnl)))
      changes.netPnlOverride = typed;
  }
  if (has("setupId") && (text("setupId") || null) !== current.setupId) changes.setupId = text("setupId") || null;
  if (has("tags") && list(text("tags")).join("\u0000") !== current.tags.join("\u0000"))
    changes.tags = list(text("tags"));
  // Notes keep their leading spaces and line breaks (Markdown); only the browser's CRLF is normalised.
  if (has("notes")) {
    const notes = String(form.get("notes") ?? "").replace(/\r\n/g, "\n");
    if (notes !== current.notes) changes.notes = notes;
  }
  if (has("rating")) {
    const rating = text("rating") ? Number(text("rating")) : null;
    if (rating !== current.rating) changes.rating = rating;
  }
  if (has("emotions") && list(text("emotions")).join("\u0000") !== current.emotions.join("\u0000"))
    changes.emotions = list(text("emotions"));
  if (has("mistakes") && list(text("mistakes")).join("\u0000") !== current.mistakes.join("\u0000"))
    changes.mistakes = list(text("mistakes"));
  return changes;
}
