// The member's side of an import (issue 12): problem rows shown and skipped only by the member's
// explicit choice, fills dated in the future refused, big files summed up per symbol and paged.
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, expect, it } from "vitest";
import { failureOf, newMember } from "../testing/members.ts";

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

const HEADER = "time,symbol,side,quantity,price,fees,asset_class,execution_id";
const nextYear = new Date().getUTCFullYear() + 1;
const FILE = [
  HEADER,
  "2026-03-02T09:30:00-05:00,AAPL,buy,10,190,1,stock,p1",
  "2026-03-02T10:00:00-05:00,AAPL,sell,10,192.5,1,stock,p2",
  "2026-03-02T10:05:00-05:00,MSFT,buy,5,abc,1,stock,p3", // line 4: no price
  "2026-03-03T09:30:00-05:00,TSLA,buy,2,200,0.5,stock,p4",
  "2026-03-03T09:45:00-05:00,TSLA,sell,2,195,0.5,stock,p5",
  `${nextYear}-01-05T09:30:00-05:00,NVDA,buy,1,100,0,stock,p6`, // line 7: in the future
].join("\n");

it("a file with problem rows is previewed with every problem and imported only when the member skips exactly those rows", async () => {
  const { api, user } = await newMember({ label: "partial" });
  const account = await api.accounts.create({ name: "Main", broker: "generic" });
  const input = { accountId: account.id, fileName: "partial.csv", content: FILE };

  const preview = await api.imports.preview(input);
  expect(preview.errors.map((e) => [e.line, e.column ?? null])).toEqual([
    [4, "price"],
    [7, null],
  ]);
  expect(preview.errors[1]!.message).toMatch(new RegExp(`^Dated ${nextYear}-01-05, after today \\(`));
  expect(preview.fills).toBe(4);
  expect(preview.trades.map((t) => [t.symbol, t.netPnl])).toEqual([
    ["AAPL", "23"],
    ["TSLA", "-11"],
  ]);

  // Without the member's choice, nothing is imported.
  const refused = await failureOf(api.imports.commit(input));
  expect(refused.message).toBe(
    "2 rows have problems; fix the file, or preview it and choose to import the other rows without them. Nothing was imported.",
  );
  // A choice made for another number of rows (the file changed since the preview) is no choice.
  expect((await failureOf(api.imports.commit({ ...input, skipRowsWithProblems: 1 }))).message).toBe(
    "You chose to skip 1 row, and the file now has 2 with problems. Preview it again. Nothing was imported.",
  );
  expect(await getPrisma().fill.count({ where: { accountId: account.id } })).toBe(0);

  const committed = await api.imports.commit({ ...input, skipRowsWithProblems: 2 });
  expect(committed).toMatchObject({ trades: 2, fills: 4, skippedRows: 2 });
  const stored = await getPrisma().trade.findMany({
    where: { userId: user.id },
    select: { symbol: true, netPnl: true, fills: { select: { importId: true } } },
    orderBy: { symbol: "asc" },
  });
  expect(stored.map((t) => [t.symbol, t.netPnl?.toString()])).toEqual([
    ["AAPL", "23"],
    ["TSLA", "-11"],
  ]);
  expect(stored.flatMap((t) => t.fills.map((f) => f.importId))).toEqual(Array(4).fill(committed.importId));

  // The fixed rows imported later join what is there; the skipped rows' good neighbours are not doubled.
  const fixed = [HEADER, "2026-03-02T10:05:00-05:00,MSFT,buy,5,410,1,stock,p3"].join("\n");
  const later = await api.imports.preview({ ...input, content: fixed });
  expect(later.errors).toEqual([]);
  expect(later.openPositions).toEqual([{ symbol: "MSFT", direction: "long", quantity: "5" }]);
});

it("a clean file needs no choice, and a choice to skip rows it does not have is refused", async () => {
  const { api } = await newMember({ label: "partial-clean" });
  const account = await api.accounts.create({ name: "Main", broker: "generic" });
  const content = FILE.split("\n").slice(0, 3).join("\n");
  const input = { accountId: account.id, fileName: "clean.csv", content };
  expect((await failureOf(api.imports.commit({ ...input, skipRowsWithProblems: 1 }))).code).toBe("BAD_REQUEST");
  expect(await api.imports.commit(input)).toMatchObject({ trades: 1, fills: 2, skippedRows: 0 });
});

it("a big file is summed up per symbol and its trades come 100 a page", async () => {
  const { api } = await newMember({ label: "partial-big" });
  const account = await api.accounts.create({ name: "Main", broker: "generic" });
  // 250 round trips: 150 on AAPL (each +1 after 0.5 fees a side), 100 on SPY (each −2), and one SPY still open.
  const lines = [HEADER];
  for (let i = 0; i < 250; i++) {
    const symbol = i < 150 ? "AAPL" : "SPY";
    const [entry, exit] = symbol === "AAPL" ? [100, 102] : [400, 399];
    const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 14, 0) + (i * 2 + minute) * 60_000).toISOString();
    lines.push(
      `${at(0)},${symbol},buy,1,${entry},0.5,stock,b${i}`,
      `${at(1)},${symbol},sell,1,${exit},0.5,stock,s${i}`,
    );
  }
  lines.push("2026-03-03T15:00:00Z,SPY,buy,3,401,0,stock,open1");
  const input = { accountId: account.id, fileName: "big.csv", content: lines.join("\n") };

  const first = await api.imports.preview(input);
  expect(first).toMatchObject({ fills: 501, tradeCount: 251, page: 1, pageCount: 3, pageSize: 100 });
  expect(first.trades).toHaveLength(100);
  expect(first.summary).toEqual([
    { symbol: "AAPL", fills: 300, trades: 150, closedTrades: 150, netPnl: "150", openPositions: [], events: 0 },
    { symbol: "SPY", fills: 201, trades: 101, closedTrades: 100, netPnl: "-200", openPositions: ["long 3"], events: 0 },
  ]);
  const last = await api.imports.preview({ ...input, page: 3 });
  expect(last.page).toBe(3);
  expect(last.trades).toHaveLength(51);
  expect(last.trades.at(-1)).toMatchObject({ symbol: "SPY", status: "open", quantity: "3" });
  // A page past the end is the last page.
  expect((await api.imports.preview({ ...input, page: 40 })).page).toBe(3);
});

it("another member's account is not found for a preview or a partial commit", async () => {
  const owner = await newMember({ label: "partial-owner" });
  const account = await owner.api.accounts.create({ name: "Main", broker: "generic" });
  const { api } = await newMember({ label: "partial-stranger" });
  const input = { accountId: account.id, fileName: "x.csv", content: FILE };
  expect((await failureOf(api.imports.preview(input))).code).toBe("NOT_FOUND");
  expect((await failureOf(api.imports.commit({ ...input, skipRowsWithProblems: 2 }))).code).toBe("NOT_FOUND");
});
