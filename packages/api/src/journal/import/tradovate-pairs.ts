// Tradovate's paired-trade exports: the Performance report (symbol, buyFillId, sellFillId, qty,
// buyPrice, sellPrice, pnl, boughtTimestamp, soldTimestamp…) and the Position History (Contract,
// Product, Pair ID, Buy Fill ID, Sell Fill ID, Paired Qty, Buy Price, Sell Price, P/L, Bought
// Timestamp, Sold Timestamp…). Each row pairs a buy fill with a sell fill; a fill split among
// several pairs appears in each with its part. We give the fills, once each with their whole
// quantity, to the Orders reader (tradovate.ts), which adds the fees per contract and the point
// values; the pairs' P&L is ours to compute again, not taken from the file.
import { dec } from "../domain/decimal.ts";
import { futuresRoot } from "../domain/instruments.ts";
import { type CsvRecord, headerIndex } from "./csv.ts";
import { TRADOVATE_COLUMNS } from "./tradovate.ts";

const has = (index: (name: string) => number, names: string[]) => names.every((n) => index(n) !== -1);

/** Whether the header is a Performance report's or a Position History's. */
export function isTradovatePairs(records: CsvRecord[]): boolean {
  const index = headerIndex(records[0]?.fields ?? []);
  return (
    has(index, ["Buy Fill ID", "Sell Fill ID", "Bought Timestamp", "Sold Timestamp"]) &&
    (has(index, ["qty", "buyPrice", "sellPrice"]) || has(index, ["Paired Qty", "Buy Price", "Sell Price"]))
  );
}

interface Fill {
  line: number;
  id: string;
  side: "Buy" | "Sell";
  contract: string;
  product: string;
  time: string;
  quantity: string;
  price: string;
}

/**
 * The pairs' fills as Orders records (orderId = the fill's id, Status Filled). A row whose fill ids
 * are missing keeps its line and an empty orderId, so the Orders reader names it as a row error.
 */
export function tradovatePairRecords(records: CsvRecord[]): { records: CsvRecord[]; skipped: number } {
  const [header, ...rows] = records;
  const index = headerIndex(header?.fields ?? []);
  const fills = new Map<string, Fill>();
  const unnamed: Fill[] = [];
  let skipped = 0;
  for (const { line, fields } of rows) {
    const at = (...names: string[]) => {
      for (const name of names) if (index(name) !== -1) return (fields[index(name)] ?? "").trim();
      return "";
    };
    if (fields.every((f) => !f.trim())) {
      skipped += 1;
      continue;
    }
    const contract = at("Contract", "symbol");
    const product = at("Product") || (contract ? futuresRoot(contract.toUpperCase()) : "");
    const quantity = at("Paired Qty", "qty");
    for (const side of ["Buy", "Sell"] as const) {
      const id = at(`${side} Fill ID`);
      const fill: Fill = {
        line,
        id,
        side,
        contract,
        product,
        time: at(side === "Buy" ? "Bought Timestamp" : "Sold Timestamp"),
        quantity,
        price: at(`${side} Price`),
      };
      const seen = id ? fills.get(id) : undefined;
      if (!id) unnamed.push(fill);
      else if (seen && /^[\d.]+$/.test(seen.quantity) && /^[\d.]+$/.test(quantity))
        seen.quantity = dec(seen.quantity).plus(quantity).toString();
      else if (!seen) fills.set(id, fill);
    }
  }
  const out: CsvRecord[] = [{ line: 1, fields: [...TRADOVATE_COLUMNS] }];
  for (const f of [...fills.values(), ...unnamed]) {
    const row: Record<(typeof TRADOVATE_COLUMNS)[number], string> = {
      orderId: f.id,
      "B/S": f.side,
      Contract: f.contract,
      Product: f.product,
      Status: "Filled",
      "Fill Time": f.time,
      "Filled Qty": f.quantity,
      "Avg Fill Price": f.price,
    };
    out.push({ line: f.line, fields: TRADOVATE_COLUMNS.map((c) => row[c]) });
  }
  return { records: out, skipped };
}
