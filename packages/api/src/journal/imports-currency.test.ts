// A file in another currency than the account's is refused, never added up with it (issue 12).
import { closePrisma, closeRedis } from "@tradecraft/db";
import { afterAll, expect, it } from "vitest";
import { failureOf, newMember } from "../testing/members.ts";

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

const HEADER =
  "ClientAccountID,Date/Time,CurrencyPrimary,AssetClass,Buy/Sell,Code,Symbol,Quantity,Price,Commission,Proceeds,TradeID";
const FILE = [
  HEADER,
  "U1,20260302;093000,USD,STK,BUY,O,AAPL,10,190,-1,-1900,1",
  "U1,20260302;100000,EUR,STK,BUY,O,SAP,10,180,-1,-1800,2",
  "U1,20260302;110000,EUR,STK,SELL,C,SAP,-10,181,-1,1810,3",
].join("\n");

it("a file with EUR trades into a USD account is refused, naming the line; an EUR-only file imports into an EUR account", async () => {
  const { api } = await newMember({ label: "currency" });
  const usd = await api.accounts.create({ name: "IBKR USD", broker: "ibkr" });
  const refused = await failureOf(api.imports.preview({ accountId: usd.id, fileName: "mixed.csv", content: FILE }));
  expect(refused.code).toBe("BAD_REQUEST");
  expect(refused.message).toBe(
    'Line 3: this file has trades in EUR, and the account "IBKR USD" is in USD. We don\'t mix currencies: import it into an account in EUR, one currency per file. Nothing was imported.',
  );
  expect((await failureOf(api.imports.commit({ accountId: usd.id, fileName: "mixed.csv", content: FILE }))).code).toBe(
    "BAD_REQUEST",
  );

  const eur = await api.accounts.create({ name: "IBKR EUR", broker: "ibkr", currency: "EUR" });
  const eurOnly = [HEADER, ...FILE.split("\n").slice(2)].join("\n");
  const preview = await api.imports.preview({ accountId: eur.id, fileName: "eur.csv", content: eurOnly });
  expect(preview.trades.map((t) => [t.symbol, t.netPnl])).toEqual([["SAP", "8"]]);
});
