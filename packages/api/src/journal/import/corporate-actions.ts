// Corporate actions in a broker file (issue 12): a split changes the open position's quantity and
// price (its cash, and so its P&L, unchanged); a symbol change carries the open position to the new
// symbol; a merger for cash closes it at the cash paid. They act on the fills of the trade open at
// that moment, in the file or continued from the journal, rewritten as split-adjusted history, so
// every later rebuild from the stored fills gives the same trades. Pure: no I/O.
import { createHash } from "node:crypto";
import { type Dec, dec, ZERO } from "../domain/decimal.ts";
import { sortFills } from "../domain/fifo.ts";
import type { OptionNotice, ParsedFill } from "./types.ts";

export type CorporateAction =
  /** New shares per old share as `ratio` ("4" for 4-for-1, "0.1" for 1-for-10), or the shares it added (negative: removed). */
  | { kind: "split"; line: number; symbol: string; at: Date; ratio?: string; sharesAdded?: string }
  | { kind: "symbolChange"; line: number; from: string; to: string; at: Date }
  /** The cash paid for the whole position, or per share. */
  | { kind: "cashMerger"; line: number; symbol: string; at: Date; cash?: string; cashPerShare?: string };

/** What an action did, for the preview. */
export interface AppliedAction {
  line: number;
  kind: CorporateAction["kind"] | OptionNotice["kind"];
  symbol: string;
  description: string;
}

/** A stock fill as the actions see it: from the file, or one of a journal trade's (`tradeId`). */
export type ActionFill = Pick<ParsedFill, "symbol" | "side" | "quantity" | "price" | "executedAt"> & {
  tradeId?: string;
};

const signed = (f: ActionFill) => (f.side === "buy" ? dec(f.quantity) : dec(f.quantity).negated());

/** The fills of `symbol` making up the position open just before `at` (since it was last flat), and that position. */
function openAt<T extends ActionFill>(fills: T[], symbol: string, at: Date): { open: T[]; position: Dec } {
  let position = ZERO;
  let open: T[] = [];
  for (const fill of sortFills(fills.filter((f) => f.symbol === symbol && f.executedAt < at))) {
    position = position.plus(signed(fill));
    open = position.isZero() ? [] : [...open, fill];
  }
  return { open, position };
}

const fmt = (d: Dec) => d.toDecimalPlaces(8).toString();

/**
 * Applies the actions, oldest first, to stock fills (the file's and the journal's open trades'),
 * rewriting them in place; a cash merger adds a closing fill through `closeAt`. Returns what each did.
 */
export function applyCorporateActions<T extends ActionFill>(
  fills: T[],
  actions: CorporateAction[],
  closeAt: (action: CorporateAction & { kind: "cashMerger" }, quantity: Dec, position: Dec, price: Dec) => T,
): AppliedAction[] {
  const applied: AppliedAction[] = [];
  for (const action of [...actions].sort((a, b) => a.at.getTime() - b.at.getTime() || a.line - b.line)) {
    const symbol = action.kind === "symbolChange" ? action.from : action.symbol;
    const { open, position } = openAt(fills, symbol, action.at);
    const report = (description: string) => applied.push({ line: action.line, kind: action.kind, symbol, description });
    if (position.isZero()) {
      report(`no open ${symbol} position at that time: nothing to change`);
      continue;
    }
    if (action.kind === "split") {
      const ratio =
        action.ratio !== undefined
          ? dec(action.ratio)
          : position
              .abs()
              .plus(dec(action.sharesAdded ?? "0"))
              .dividedBy(position.abs());
      if (!ratio.greaterThan(0)) {
        report(`the split would leave no ${symbol} shares: nothing changed`);
        continue;
      }
      for (const fill of open) {
        fill.quantity = fmt(dec(fill.quantity).times(ratio));
        fill.price = fmt(dec(fill.price).dividedBy(ratio));
      }
      report(
        `split ${fmt(ratio)} for 1: ${fmt(position.abs())} shares became ${fmt(position.abs().times(ratio))}, prices divided by ${fmt(ratio)}, cost unchanged`,
      );
    } else if (action.kind === "symbolChange") {
      for (const fill of open) fill.symbol = action.to;
      report(`${fmt(position.abs())} shares carried to ${action.to}`);
    } else {
      const price =
        action.cashPerShare !== undefined
          ? dec(action.cashPerShare)
          : dec(action.cash ?? "0")
              .abs()
              .dividedBy(position.abs());
      fills.push(closeAt(action, position.abs(), position, price.toDecimalPlaces(8)));
      report(`${fmt(position.abs())} shares closed for cash at ${fmt(price.toDecimalPlaces(8))} a share`);
    }
  }
  return applied;
}

/** A deterministic id of an action, so a file read again (or a later export repeating it) applies it once. */
export function actionId(broker: string, action: CorporateAction): string {
  const parts =
    action.kind === "symbolChange"
      ? [action.from, action.to]
      : action.kind === "split"
        ? [action.symbol, action.ratio ?? "", action.sharesAdded ?? ""]
        : [action.symbol, action.cash ?? "", action.cashPerShare ?? ""];
  const key = [broker, action.kind, action.at.toISOString(), ...parts].join("\u001f");
  return `${broker}-${action.kind}-${createHash("sha256").update(key).digest("hex").slice(0, 24)}`;
}

/** The fill that closes a position paid out in cash: a sale (a purchase, for a short) of all of it at the cash per share. */
export function cashMergerFill(
  broker: string,
  action: CorporateAction & { kind: "cashMerger" },
  quantity: Dec,
  position: Dec,
  price: Dec,
): ParsedFill {
  return {
    line: action.line,
    symbol: action.symbol,
    assetClass: "stock",
    side: position.greaterThan(0) ? "sell" : "buy",
    quantity: fmt(quantity),
    price: fmt(price),
    fees: "0",
    executedAt: action.at,
    executionId: actionId(broker, action),
    multiplier: "1",
    option: null,
    effect: "close",
  };
}
