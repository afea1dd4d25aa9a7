// An option's end (expiration, assignment, exercise) as brokers that do not give its side write
// it (Robinhood's OEXP/OASGN/OEXCS, thinkorswim's "REMOVAL OF OPTION DUE TO …"): a count of
// contracts removed. It closes the position at 0; assignment and exercise also deliver shares.
import { dec } from "../domain/decimal.ts";
import { instrumentKey, type OptionNotice, type ParsedFill, type ParseResult } from "./types.ts";

type Leg = Pick<ParsedFill, "line" | "symbol" | "assetClass" | "side" | "quantity" | "price" | "multiplier" | "option">;
type Delivery = Pick<
  ParsedFill,
  "assetClass" | "side" | "quantity" | "price" | "fees" | "multiplier" | "option" | "effect"
>;

/**
 * Takes the file's rows oldest first, `end` set on the option ends, and returns them with each end
 * on the side that closes the file's position in that series (long → sold at 0, short → bought back
 * at 0). With no position in the file, an assignment can only close a short and an exercise only a
 * long; an expiration of a contract the file never opened is set aside with a warning (its side is
 * not guessed). An assignment or exercise delivers shares at the strike (contracts × multiplier):
 * a short put assigned or a long call exercised buys them, a short call assigned or a long put
 * exercised sells them; the file's own share row of the same day is used when there is one, else
 * `deliver` makes one.
 */
export function closeOptionEnds<T extends Leg & { end?: OptionNotice["kind"] }>(
  ordered: T[],
  {
    warnings,
    sameDay,
    deliver,
  }: {
    warnings: NonNullable<ParseResult["warnings"]>;
    sameDay: (a: T, b: T) => boolean;
    deliver: (end: T, delivery: Delivery) => T;
  },
): { kept: T[]; notices: OptionNotice[] } {
  const position = new Map<string, number>();
  const kept: T[] = [];
  const notices: OptionNotice[] = [];
  for (const entry of ordered) {
    if (!entry.option) {
      kept.push(entry);
      continue;
    }
    const key = instrumentKey(entry);
    const held = position.get(key) ?? 0;
    if (!entry.end) {
      position.set(key, held + (entry.side === "buy" ? 1 : -1) * Number(entry.quantity));
      kept.push(entry);
      continue;
    }
    const series = `${entry.symbol} ${entry.option.expiry} ${entry.option.strike} ${entry.option.right}`;
    const long =
      held > 0 ? true : held < 0 ? false : entry.end === "exercise" ? true : entry.end === "assignment" ? false : null;
    if (long === null) {
      warnings.push({
        line: entry.line,
        message: `${series} expired, but this file never opened it: nothing was closed (if your journal holds it, close it at 0 on its page).`,
      });
      continue;
    }
    position.set(key, held + (long ? -1 : 1) * Number(entry.quantity));
    kept.push({ ...entry, side: long ? "sell" : "buy", price: "0" });
    if (entry.end === "expiration") {
      notices.push({
        line: entry.line,
        kind: "expiration",
        symbol: entry.symbol,
        description: `${entry.quantity} ${series} ${long ? "long" : "short"} expired: closed at 0 on ${entry.option.expiry}`,
      });
      continue;
    }
    const shares = dec(entry.quantity).times(entry.multiplier);
    const buys = (entry.option.right === "put") === (entry.end === "assignment");
    const side = buys ? "buy" : "sell";
    const delivered = ordered.find(
      (r) =>
        !r.option &&
        r.symbol === entry.symbol &&
        r.side === side &&
        dec(r.quantity).equals(shares) &&
        sameDay(r, entry),
    );
    if (!delivered) {
      kept.push(
        deliver(entry, {
          assetClass: "stock",
          side,
          quantity: shares.toString(),
          price: entry.option.strike,
          fees: "0",
          multiplier: "1",
          option: null,
          effect: null,
        }),
      );
    }
    notices.push({
      line: entry.line,
      kind: entry.end,
      symbol: entry.symbol,
      description: `${entry.quantity} ${series} ${entry.end === "assignment" ? "assigned" : "exercised"}: closed at 0; ${shares.toString()} ${entry.symbol} ${buys ? "bought" : "sold"} at ${entry.option.strike}${delivered ? ` (line ${delivered.line})` : ""}`,
    });
  }
  return { kept, notices };
}
