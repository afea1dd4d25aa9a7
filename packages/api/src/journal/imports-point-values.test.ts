// A futures contract we lack the point value of (issue 12): the preview names its root, the
// member gives the value, and it is remembered for their later imports (only theirs).
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, expect, it } from "vitest";
import { failureOf, newMember } from "../testing/members.ts";

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

const HEADER = "orderId,B/S,Contract,Product,Status,Fill Time,Filled Qty,Avg Fill Price";
// Lumber (LBR, 27.5 dollars a point) is not in our table; MES is (5 dollars a point).
const file = (id: string) =>
  [
    HEADER,
    `${id}1,Buy,LBRH6,LBR,Filled,03/02/2026 09:30:00,2,600`,
    `${id}2,Sell,LBRH6,LBR,Filled,03/02/2026 10:30:00,2,610`,
    `${id}3,Buy,MESH6,MES,Filled,03/02/2026 09:30:00,1,5000`,
    `${id}4,Sell,MESH6,MES,Filled,03/02/2026 09:40:00,1,5004`,
  ].join("\n");

it("names the unknown root, reads its rows with the member's point value, and remembers it", async () => {
  const { api, user } = await newMember({ label: "point-values" });
  const account = await api.accounts.create({ name: "Tradovate", broker: "tradovate" });
  const input = {
    accountId: account.id,
    fileName: "orders.csv",
    content: file("a"),
    feesPerContract: { MES: "0", LBR: "0" },
  };

  const asked = await api.imports.preview(input);
  expect(asked.unknownFuturesRoots).toEqual(["LBR"]);
  expect(asked.warnings.map((w) => w.line)).toEqual([2, 3]);
  expect(asked.trades.map((t) => [t.symbol, t.netPnl])).toEqual([["MES", "20"]]);

  const bad = await failureOf(api.imports.preview({ ...input, pointValues: { LBR: "0" } }));
  expect(bad.code).toBe("BAD_REQUEST");

  // 10 points × 2 contracts × 27.5 = 550.
  const given = await api.imports.preview({ ...input, pointValues: { LBR: "27.5" } });
  expect(given.unknownFuturesRoots).toEqual([]);
  expect(given.trades.map((t) => [t.symbol, t.netPnl])).toEqual([
    ["LBR", "550"],
    ["MES", "20"],
  ]);
  // A preview remembers nothing; the commit does.
  expect(await getPrisma().futuresPointValue.count({ where: { userId: user.id } })).toBe(0);
  await api.imports.commit({ ...input, pointValues: { LBR: "27.5" } });
  const stored = await getPrisma().futuresPointValue.findMany({ where: { userId: user.id } });
  expect(stored.map((p) => [p.root, p.pointValue.toString()])).toEqual([["LBR", "27.5"]]);
  // The member's data export carries it.
  const exported = await api.account.exportData();
  expect(exported.journal.futuresPointValues.map((p) => [p.root, p.pointValue.toString()])).toEqual([["LBR", "27.5"]]);

  // The next file of the same contract is read with the remembered value, without asking.
  const later = await api.imports.preview({ ...input, content: file("b") });
  expect(later.unknownFuturesRoots).toEqual([]);
  expect(later.trades.map((t) => [t.symbol, t.netPnl])).toEqual([
    ["LBR", "550"],
    ["MES", "20"],
  ]);

  // Another member's imports don't know it.
  const other = await newMember({ label: "point-values-other" });
  const theirs = await other.api.accounts.create({ name: "Tradovate", broker: "tradovate" });
  const stranger = await other.api.imports.preview({ ...input, accountId: theirs.id });
  expect(stranger.unknownFuturesRoots).toEqual(["LBR"]);
});
