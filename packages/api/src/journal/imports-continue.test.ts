// An import continues the account's open trade on each instrument, and only that instrument:
// an option series is its underlying, expiry, strike and right, apart from the stock.
import { randomUUID } from "node:crypto";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, expect, it } from "vitest";
import { createContext } from "../context.ts";
import { createCaller } from "../root.ts";
import type { SessionUser } from "../session.ts";

const prisma = getPrisma();

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

const HEADER = "time,symbol,side,quantity,price,fees,asset_class,execution_id,underlying,expiry,strike,right";

it("a later file closes the open option series it trades and leaves the other series and the stock open", async () => {
  const user = await prisma.user.create({
    data: {
      email: `imports-${randomUUID()}@example.test`,
      displayName: "Opal Options",
      profile: { create: { timeZone: "UTC" } },
    },
    select: { id: true, email: true, displayName: true, role: true, tier: true },
  });
  const ctx = await createContext({
    headers: new Headers(),
    app: "web",
    requestId: `imports-${randomUUID()}`,
    ip: "2001:db8::9",
  });
  const api = createCaller({ ...ctx, user: user as SessionUser });
  const acct = await api.accounts.create({ name: "Options" });
  const first = [
    HEADER,
    "2026-03-02T15:00:00Z,AAPL,buy,2,3.10,1.30,option,o1,AAPL,2026-03-20,200,call",
    "2026-03-02T15:01:00Z,AAPL,buy,1,1.50,0.65,option,o2,AAPL,2026-03-20,210,call",
    "2026-03-02T15:02:00Z,AAPL,buy,10,190,0,stock,s1,,,,",
  ].join("\n");
  await api.imports.commit({ accountId: acct.id, fileName: "a.csv", content: first });
  const opened = await api.journal.list({ filters: { accountId: acct.id } });
  const series200 = opened.trades.find((t) => t.assetClass === "option" && t.optionStrike === "200")!;

  const second = [HEADER, "2026-03-03T15:00:00Z,AAPL,sell,2,4.10,1.30,option,o3,AAPL,2026-03-20,200.00,call"].join(
    "\n",
  );
  const preview = await api.imports.preview({ accountId: acct.id, fileName: "b.csv", content: second });
  expect(preview.trades.map((t) => [t.status, t.continuesOpenTrade, t.netPnl])).toEqual([["closed", true, "197.4"]]);

  await api.imports.commit({ accountId: acct.id, fileName: "b.csv", content: second });
  const after = await api.journal.list({ filters: { accountId: acct.id } });
  const rows = after.trades
    .map((t) => [t.assetClass, t.optionStrike, t.status])
    .sort((a, b) => String(a).localeCompare(String(b)));
  expect(rows).toEqual([
    ["option", "200", "closed"],
    ["option", "210", "open"],
    ["stock", null, "open"],
  ]);
  // 2 contracts × $1 × 100 − $2.60 fees, on the trade the first file opened.
  expect(after.trades.find((t) => t.id === series200.id)).toMatchObject({ status: "closed", netPnl: "197.4" });
});
