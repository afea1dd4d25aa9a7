// Interactive Brokers writes the same executions in several layouts. We read them all through
// the Trade Confirmation Flex reader (ibkr.ts), by giving each its records under the Flex
// columns, with each row's own line number kept for errors:
// - the Activity Statement CSV (Reports → Statements → Activity): titled sections, one per row
//   ("Trades,Header,…" / "Trades,Data,Order,…"), where we read the Trades section's Order rows;
// - the Activity Flex Query CSV (TradePrice, IBCommission, Notes/Codes, LevelOfDetail…);
// - the Flex Query XML (<FlexQueryResponse> … <Trades><Trade …/>), of either kind.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { FUTURES_MULTIPLIERS, futuresRoot } from "../domain/instruments.ts";
import { type CsvRecord, headerIndex } from "./csv.ts";
import { executionIds } from "./execution-ids.ts";
import { IBKR_COLUMNS } from "./ibkr.ts";
import { RowProblem } from "./rows.ts";

/** The Flex columns the reader knows, required and optional, in the order we write them. */
const FLEX = [
  ...IBKR_COLUMNS,
  "UnderlyingSymbol",
  "Expiry",
  "Strike",
  "Put/Call",
  "Multiplier",
  "Proceeds",
  "Code",
  "CurrencyPrimary",
  "IBOrderID",
] as const;
type FlexRow = Partial<Record<(typeof FLEX)[number], string>>;

const toRecord = (line: number, row: FlexRow): CsvRecord => ({ line, fields: FLEX.map((c) => row[c] ?? "") });
const HEADER: CsvRecord = { line: 1, fields: [...FLEX] };

const ASSET_CATEGORY: Record<string, string> = {
  stocks: "STK",
  "equity and index options": "OPT",
  futures: "FUT",
  forex: "CASH",
  crypto: "CRYPTO",
};
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/** "AAPL 28MAR25 222.5 C" (statements) or "SPY   250825P00643000" (OCC) → the option's parts. */
export function ibkrOptionSymbol(symbol: string): FlexRow | null {
  const text = symbol.trim().toUpperCase();
  const statement = /^([A-Z0-9.]{1,12})\s+(\d{2})([A-Z]{3})(\d{2})\s+(\d+(?:\.\d+)?)\s+([CP])$/.exec(text);
  if (statement) {
    const month = MONTHS.indexOf(statement[3]!) + 1;
    if (!month) return null;
    return {
      UnderlyingSymbol: statement[1]!,
      Expiry: `20${statement[4]}${String(month).padStart(2, "0")}${statement[2]}`,
      Strike: statement[5]!,
      "Put/Call": statement[6]!,
    };
  }
  const occ = /^([A-Z0-9.]{1,6})\s*(\d{6})([CP])(\d{8})$/.exec(text);
  if (occ)
    return {
      UnderlyingSymbol: occ[1]!,
      Expiry: `20${occ[2]}`,
      Strike: String(Number(occ[4]) / 1000),
      "Put/Call": occ[3]!,
    };
  return null;
}

const cells = (r: CsvRecord) => r.fields.map((f) => f.trim());

/** Whether the records are an Activity Statement: a "Trades,Header,DataDiscriminator,…" row. */
export function isActivityStatement(records: CsvRecord[]): boolean {
  return records.some((r) => {
    const [section, kind, first] = cells(r);
    return section === "Trades" && kind === "Header" && first === "DataDiscriminator";
  });
}

/**
 * The Trades section of an Activity Statement as Flex records. Order rows are the executions
 * (Trade rows are their parts, read only when a statement has no Order rows; ClosedLot, SubTotal
 * and Total rows are sums). The side is the sign of Quantity; the statement has no trade id, so
 * each execution is named by what it says; the multiplier comes from its Financial Instrument
 * Information section (options: 100, futures: our table, when it lacks one).
 */
export function activityStatementRecords(records: CsvRecord[]): { records: CsvRecord[]; skipped: number } {
  const multipliers = new Map<string, string>();
  let account = "";
  let fiiIndex: ((name: string) => number) | null = null;
  for (const r of records) {
    const [section, kind, ...rest] = cells(r);
    if (section === "Account Information" && kind === "Data" && rest[0] === "Account") account = rest[1] ?? "";
    if (section === "Financial Instrument Information" && kind === "Header") fiiIndex = headerIndex(rest);
    if (section === "Financial Instrument Information" && kind === "Data" && fiiIndex) {
      const symbol = rest[fiiIndex("Symbol")] ?? "";
      const multiplier = rest[fiiIndex("Multiplier")] ?? "";
      // Options are listed under their OCC name and, in "Description", as the Trades section names them.
      for (const name of [symbol, rest[fiiIndex("Description")] ?? ""])
        if (name && multiplier) multipliers.set(name.toUpperCase(), multiplier);
    }
  }
  const rows = records.filter((r) => cells(r)[0] === "Trades");
  const discriminators = new Set(rows.map((r) => (cells(r)[1] === "Data" ? cells(r)[2] : "")));
  const executions = discriminators.has("Order") ? "Order" : "Trade";
  const id = executionIds("ibkr-as");
  const out: CsvRecord[] = [HEADER];
  let skipped = 0;
  let index: ((name: string) => number) | null = null;
  for (const r of rows) {
    const [, kind, ...rest] = r.fields;
    if (kind?.trim() === "Header") {
      index = headerIndex(rest);
      continue;
    }
    if (kind?.trim() !== "Data" || !index) continue;
    const at = (name: string) => (index!(name) === -1 ? "" : (rest[index!(name)] ?? "").trim());
    if (at("DataDiscriminator") !== executions) {
      skipped += 1;
      continue;
    }
    const category = at("Asset Category");
    const assetClass = ASSET_CATEGORY[category.toLowerCase()] ?? category;
    const symbol = at("Symbol");
    const quantity = at("Quantity").replace(/,/g, "");
    const option = assetClass === "OPT" ? ibkrOptionSymbol(symbol) : null;
    const multiplier =
      multipliers.get(symbol.toUpperCase()) ??
      (assetClass === "OPT"
        ? "100"
        : assetClass === "FUT"
          ? String(FUTURES_MULTIPLIERS[futuresRoot(symbol)] ?? "")
          : "");
    out.push(
      toRecord(r.line, {
        ClientAccountID: at("Account") || account || "-",
        "Date/Time": at("Date/Time"),
        AssetClass: assetClass,
        "Buy/Sell": quantity.startsWith("-") ? "SELL" : "BUY",
        Symbol: option?.UnderlyingSymbol ?? symbol,
        Quantity: quantity,
        Price: at("T. Price"),
        Commission: at("Comm/Fee"),
        TradeID: id(category, symbol, at("Date/Time"), quantity, at("T. Price")),
        Proceeds: at("Proceeds"),
        Code: at("Code"),
        CurrencyPrimary: at("Currency"),
        Multiplier: multiplier,
        ...(option ?? {}),
      }),
    );
  }
  return { records: out, skipped };
}

/** Whether the header is an Activity Flex Query's (TradePrice and IBCommission, not Price and Commission). */
export function isActivityFlex(records: CsvRecord[]): boolean {
  const index = headerIndex(records[0]?.fields ?? []);
  return index("TradePrice") !== -1 && index("IBCommission") !== -1 && index("Price") === -1;
}

/** One Activity Flex row (by its column names, case and spacing as IBKR writes them) as a Flex row. */
function fromActivityFlex(at: (name: string) => string): FlexRow | null {
  const detail = at("LevelOfDetail").toUpperCase();
  // Orders and closed lots repeat the executions as sums.
  if (detail && detail !== "EXECUTION") return null;
  const date = at("DateTime") || at("Date/Time") || [at("TradeDate"), at("TradeTime")].filter(Boolean).join(";");
  const codes = [at("Notes/Codes") || at("Code") || at("Notes"), at("Open/CloseIndicator") || at("OpenCloseIndicator")]
    .filter(Boolean)
    .join(";");
  return {
    ClientAccountID: at("ClientAccountID") || at("AccountId") || "-",
    "Date/Time": date,
    AssetClass: at("AssetClass") || at("AssetCategory"),
    "Buy/Sell":
      at("Buy/Sell") || at("BuySell") || (at("Quantity").startsWith("-") ? "SELL" : at("Quantity") ? "BUY" : ""),
    Symbol: at("Symbol"),
    UnderlyingSymbol: at("UnderlyingSymbol"),
    Quantity: at("Quantity"),
    Price: at("TradePrice"),
    Commission: at("IBCommission"),
    TradeID: at("TradeID"),
    Proceeds: at("Proceeds"),
    Code: codes,
    CurrencyPrimary: at("CurrencyPrimary") || at("Currency"),
    Expiry: at("Expiry"),
    Strike: at("Strike"),
    "Put/Call": at("Put/Call") || at("PutCall"),
    Multiplier: at("Multiplier"),
    IBOrderID: at("IBOrderID"),
  };
}

/** An Activity Flex Query CSV as Flex records; its summary rows (orders, closed lots) are skipped. */
export function activityFlexRecords(records: CsvRecord[]): { records: CsvRecord[]; skipped: number } {
  const [header, ...rows] = records;
  const index = headerIndex(header?.fields ?? []);
  const out: CsvRecord[] = [HEADER];
  let skipped = 0;
  for (const r of rows) {
    const at = (name: string) => (index(name) === -1 ? "" : (r.fields[index(name)] ?? "").trim());
    // Flex files repeat their header per account.
    if (at("TradePrice") === "TradePrice") continue;
    const row = fromActivityFlex(at);
    if (row) out.push(toRecord(r.line, row));
    else skipped += 1;
  }
  return { records: out, skipped };
}

/** Whether the text is a Flex Query XML. */
export function isFlexXml(content: string): boolean {
  return /^\s*(<\?xml[^>]*\?>\s*)?<FlexQueryResponse\b/.test(content.slice(0, 500));
}

/**
 * The <Trade> elements of a Flex Query XML, each with the line it starts on, as Flex records. A
 * file that is not well-formed XML is refused with the line of the first problem.
 */
export function flexXmlRecords(content: string): { records: CsvRecord[]; skipped: number } {
  const valid = XMLValidator.validate(content);
  if (valid !== true)
    throw new RowProblem(
      undefined,
      `This Flex Query XML is not well-formed (line ${valid.err.line}: ${valid.err.msg}).`,
    );
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseAttributeValue: false,
    isArray: (name) => ["FlexStatement", "Trade", "Order", "Lot"].includes(name),
  });
  const doc = parser.parse(content) as {
    FlexQueryResponse?: { FlexStatements?: { FlexStatement?: { Trades?: { Trade?: Record<string, string>[] } }[] } };
  };
  const trades = (doc.FlexQueryResponse?.FlexStatements?.FlexStatement ?? []).flatMap((s) => s.Trades?.Trade ?? []);
  if (!doc.FlexQueryResponse?.FlexStatements)
    throw new RowProblem(
      undefined,
      "This Flex Query XML has no <FlexStatements>: run the query again and download it.",
    );
  // The line of each <Trade, in document order (the parser gives none).
  const lines: number[] = [];
  const tag = /<Trade\s/g;
  let line = 1;
  let from = 0;
  for (let m = tag.exec(content); m; m = tag.exec(content)) {
    for (let i = from; i < m.index; i++) if (content.charCodeAt(i) === 10) line += 1;
    from = m.index;
    lines.push(line);
  }
  const out: CsvRecord[] = [HEADER];
  let skipped = 0;
  trades.forEach((attributes, i) => {
    const lower = new Map(Object.entries(attributes).map(([k, v]) => [k.toLowerCase(), String(v)]));
    // The XML names its attributes as the CSV's columns in camel case (tradePrice, ibCommission, buySell…).
    const at = (name: string) => (lower.get(name.toLowerCase().replace(/[^a-z]/g, "")) ?? "").trim();
    const row = fromActivityFlex(at);
    if (row) out.push(toRecord(lines[i] ?? 1, row));
    else skipped += 1;
  });
  return { records: out, skipped };
}
