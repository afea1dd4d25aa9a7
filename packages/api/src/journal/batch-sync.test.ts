// journal.batchSync through the caller on a real PostgreSQL: stale changes come back as
// conflicts, concurrent edits never lose the newer write, retried creates create nothing twice,
// and another member's trades are not found.
import { randomUUID } from "node:crypto";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newMember } from "../testing/members.ts";

const prisma = getPrisma();

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

async function memberApi() {
  return newMember({ label: "sync", displayName: "Syd Sync" });
}

let alice: Awaited<ReturnType<typeof memberApi>>;
let bob: Awaited<ReturnType<typeof memberApi>>;
let accountId: string;

beforeAll(async () => {
  alice = await memberApi();
  bob = await memberApi();
  accountId = (await alice.api.accounts.create({ name: "Sync" })).id;
});

const tradeData = (overrides: Record<string, unknown> = {}) => ({
  accountId,
  symbol: "AAPL",
  direction: "long",
  quantity: "10",
  entryPrice: "100",
  entryAt: "2026-03-02T15:00:00.000Z",
  exitPrice: "101",
  exitAt: "2026-03-02T16:00:00.000Z",
  notes: "from the phone",
  ...overrides,
});

async function newTrade() {
  const { results } = await alice.api.journal.batchSync({
    mutations: [{ clientId: randomUUID(), op: "create", data: tradeData() }],
  });
  const [created] = results;
  if (created?.status !== "applied") throw new Error(`create was ${JSON.stringify(created)}`);
  return { id: created.tradeId, updatedAt: created.updatedAt! };
}

describe("journal.batchSync", () => {
  it("applies creates, updates and deletes in order, each with its new version", async () => {
    const { results } = await alice.api.journal.batchSync({
      mutations: [
        { clientId: "c-1", op: "create", data: tradeData({ symbol: "msft", exitPrice: "104" }) },
        { clientId: "c-2", op: "create", data: tradeData({ symbol: "TOO LONG SYMBOL!" }) },
      ],
    });
    expect(results[0]).toMatchObject({ clientId: "c-1", status: "applied", op: "create" });
    expect(results[1]).toMatchObject({
      clientId: "c-2",
      status: "error",
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^symbol: /),
    });
    const created = results[0]!.status === "applied" ? results[0] : null;
    expect(await alice.api.journal.get({ tradeId: created!.tradeId })).toMatchObject({
      trade: { symbol: "MSFT", netPnl: "40", updatedAt: created!.updatedAt },
    });

    const edited = await alice.api.journal.batchSync({
      mutations: [
        {
          clientId: "c-3",
          op: "update",
          tradeId: created!.tradeId,
          baseUpdatedAt: created!.updatedAt!,
          data: { exitPrice: "105", tags: ["phone"] },
        },
      ],
    });
    const update = edited.results[0]!;
    expect(update).toMatchObject({ status: "applied", tradeId: created!.tradeId });
    const { trade } = await alice.api.journal.get({ tradeId: created!.tradeId });
    expect(trade).toMatchObject({
      netPnl: "50",
      tags: ["phone"],
      notes: "from the phone",
      updatedAt: update.status === "applied" ? update.updatedAt : null,
    });
    expect(trade.updatedAt.getTime()).toBeGreaterThan(created!.updatedAt!.getTime());

    const removed = await alice.api.journal.batchSync({
      mutations: [{ clientId: "c-4", op: "delete", tradeId: trade.id, baseUpdatedAt: trade.updatedAt }],
    });
    expect(removed.results).toEqual([
      { clientId: "c-4", status: "applied", op: "delete", tradeId: trade.id, updatedAt: null },
    ]);
    expect(await prisma.trade.count({ where: { id: trade.id } })).toBe(0);
  });

  it("a stale update or delete is a conflict with the server's trade, and the newer data stays", async () => {
    const trade = await newTrade();
    const newer = await alice.api.journal.update({ tradeId: trade.id, notes: "edited on the web", exitPrice: "103" });
    const { results } = await alice.api.journal.batchSync({
      mutations: [
        {
          clientId: "stale-update",
          op: "update",
          tradeId: trade.id,
          baseUpdatedAt: trade.updatedAt,
          data: { notes: "offline edit", exitPrice: "99" },
        },
        { clientId: "stale-delete", op: "delete", tradeId: trade.id, baseUpdatedAt: trade.updatedAt },
      ],
    });
    expect(results.map((r) => [r.clientId, r.status])).toEqual([
      ["stale-update", "conflict"],
      ["stale-delete", "conflict"],
    ]);
    for (const r of results)
      expect(r).toMatchObject({
        trade: { id: trade.id, notes: "edited on the web", netPnl: "30", updatedAt: newer.updatedAt },
      });
    expect((await alice.api.journal.get({ tradeId: trade.id })).trade).toMatchObject({
      notes: "edited on the web",
      exitPrice: "103",
      netPnl: "30",
      updatedAt: newer.updatedAt,
    });

    // Against the server's version, the same change applies.
    const retry = await alice.api.journal.batchSync({
      mutations: [
        {
          clientId: "merged",
          op: "update",
          tradeId: trade.id,
          baseUpdatedAt: newer.updatedAt,
          data: { notes: "merged" },
        },
      ],
    });
    expect(retry.results[0]).toMatchObject({ status: "applied" });
  });

  it("concurrent with journal.update, a synced update never overwrites the newer write", async () => {
    const trade = await newTrade();
    for (let round = 0; round < 12; round++) {
      const { trade: before } = await alice.api.journal.get({ tradeId: trade.id });
      const [sync, direct] = await Promise.all([
        alice.api.journal.batchSync({
          mutations: [
            {
              clientId: `race-${round}`,
              op: "update",
              tradeId: trade.id,
              baseUpdatedAt: before.updatedAt,
              data: { notes: `sync ${round}`, exitPrice: "110" },
            },
          ],
        }),
        alice.api.journal.update({ tradeId: trade.id, notes: `direct ${round}`, tags: [`round-${round}`] }),
      ]);
      const { trade: after } = await alice.api.journal.get({ tradeId: trade.id });
      // journal.update checks no version, so it always lands: either after the synced update
      // (which then had been applied first) or before it (which then must be a conflict).
      expect(after.notes).toBe(`direct ${round}`);
      expect(after.tags).toEqual([`round-${round}`]);
      expect(after.updatedAt).toEqual(direct.updatedAt);
      const result = sync.results[0]!;
      if (result.status === "applied") {
        expect(result.updatedAt!.getTime()).toBeLessThan(after.updatedAt.getTime());
        expect(after.exitPrice).toBe("110"); // the direct update changed notes and tags only
      } else {
        expect(result).toMatchObject({ status: "conflict", trade: { notes: `direct ${round}` } });
        expect(after.exitPrice).toBe(before.exitPrice);
      }
    }
  });

  it("two syncs from the same version: exactly one wins, the other gets it as a conflict", async () => {
    const trade = await newTrade();
    for (let round = 0; round < 12; round++) {
      const { trade: before } = await alice.api.journal.get({ tradeId: trade.id });
      const change = (device: string) =>
        alice.api.journal.batchSync({
          mutations: [
            {
              clientId: `${device}-${round}`,
              op: "update",
              tradeId: trade.id,
              baseUpdatedAt: before.updatedAt,
              data: { notes: `${device} ${round}` },
            },
          ],
        });
      const results = (await Promise.all([change("phone"), change("tablet")])).map((r) => r.results[0]!);
      const applied = results.filter((r) => r.status === "applied");
      expect(applied).toHaveLength(1);
      const winner = applied[0]!.clientId.split("-")[0];
      expect(results.find((r) => r.status === "conflict")).toMatchObject({ trade: { notes: `${winner} ${round}` } });
      expect((await alice.api.journal.get({ tradeId: trade.id })).trade).toMatchObject({
        notes: `${winner} ${round}`,
        updatedAt: applied[0]!.status === "applied" ? applied[0]!.updatedAt : null,
      });
    }
  });

  it("a retried create batch creates nothing twice, even when the copies run at once", async () => {
    const mutations = [
      { clientId: "retry-a", op: "create" as const, data: tradeData({ symbol: "NVDA" }) },
      { clientId: "retry-b", op: "create" as const, data: tradeData({ symbol: "AMD" }) },
    ];
    const first = await alice.api.journal.batchSync({ mutations });
    const again = await alice.api.journal.batchSync({ mutations });
    const ids = (r: typeof first) => r.results.map((x) => (x.status === "applied" ? x.tradeId : x.status));
    expect(ids(again)).toEqual(ids(first));
    expect(again.results.every((r) => r.status === "applied" && r.replayed)).toBe(true);

    const racing = [{ clientId: "race-create", op: "create" as const, data: tradeData({ symbol: "TSLA" }) }];
    const copies = await Promise.all([1, 2, 3].map(() => alice.api.journal.batchSync({ mutations: racing })));
    expect(new Set(copies.map((c) => ids(c)[0])).size).toBe(1);
    expect(copies.filter((c) => c.results[0]!.status === "applied" && !c.results[0]!.replayed)).toHaveLength(1);

    const counts = await prisma.trade.groupBy({
      by: ["clientId"],
      where: { userId: alice.user.id, clientId: { in: ["retry-a", "retry-b", "race-create"] } },
      _count: { _all: true },
    });
    expect(counts.map((c) => [c.clientId, c._count._all]).sort()).toEqual([
      ["race-create", 1],
      ["retry-a", 1],
      ["retry-b", 1],
    ]);
    expect(
      await prisma.fill.count({
        where: { trade: { userId: alice.user.id, clientId: { in: ["retry-a", "retry-b", "race-create"] } } },
      }),
    ).toBe(6);
  });

  it("another member's trade is not found, and nothing of it changes; their own clientIds are theirs", async () => {
    const trade = await newTrade();
    const { trade: before } = await alice.api.journal.get({ tradeId: trade.id });
    const { results } = await bob.api.journal.batchSync({
      mutations: [
        {
          clientId: "b-1",
          op: "update",
          tradeId: trade.id,
          baseUpdatedAt: before.updatedAt,
          data: { notes: "mine now" },
        },
        { clientId: "b-2", op: "delete", tradeId: trade.id, baseUpdatedAt: before.updatedAt },
        { clientId: "b-3", op: "create", data: tradeData() }, // Alice's account
        {
          clientId: "retry-a",
          op: "create",
          data: { ...tradeData(), accountId: (await bob.api.accounts.create({ name: "Bob's" })).id },
        },
      ],
    });
    expect(results.slice(0, 3)).toEqual([
      { clientId: "b-1", status: "error", op: "update", code: "NOT_FOUND", message: "That trade was not found." },
      { clientId: "b-2", status: "error", op: "delete", code: "NOT_FOUND", message: "That trade was not found." },
      { clientId: "b-3", status: "error", op: "create", code: "NOT_FOUND", message: "That account was not found." },
    ]);
    // "retry-a" is also one of Alice's clientIds: Bob's is a new trade of his, not a replay of hers.
    expect(results[3]).toMatchObject({ status: "applied", op: "create" });
    expect(results[3]!.status === "applied" && results[3]!.replayed).toBeFalsy();
    expect((await alice.api.journal.get({ tradeId: trade.id })).trade).toEqual(before);
    expect((await bob.api.journal.list({})).totals.count).toBe(1);
  });

  it("refuses a malformed batch as a whole, and bad data per change", async () => {
    const refused = (input: unknown) =>
      alice.api.journal.batchSync(input as never).then(
        () => "accepted",
        (e: { code?: string }) => e.code,
      );
    expect(await refused({ mutations: [] })).toBe("BAD_REQUEST");
    expect(
      await refused({
        mutations: Array.from({ length: 501 }, (_, i) => ({ clientId: `x${i}`, op: "create", data: {} })),
      }),
    ).toBe("BAD_REQUEST");
    expect(await refused({ mutations: [{ clientId: "x".repeat(65), op: "create", data: {} }] })).toBe("BAD_REQUEST");
    expect(
      await refused({
        mutations: [
          { clientId: "dup", op: "create", data: {} },
          { clientId: "dup", op: "create", data: {} },
        ],
      }),
    ).toBe("BAD_REQUEST");
    expect(await refused({ mutations: [{ clientId: "u", op: "update", tradeId: "t", data: {} }] })).toBe("BAD_REQUEST"); // no base version
    expect(await refused({ mutations: [{ clientId: "m", op: "merge", data: {} }] })).toBe("BAD_REQUEST");

    const trade = await newTrade();
    const { results } = await alice.api.journal.batchSync({
      mutations: [
        { clientId: "bad-1", op: "update", tradeId: trade.id, baseUpdatedAt: trade.updatedAt, data: "notes" },
        {
          clientId: "bad-2",
          op: "update",
          tradeId: trade.id,
          baseUpdatedAt: trade.updatedAt,
          data: { quantity: "-1" },
        },
        { clientId: "ok", op: "update", tradeId: trade.id, baseUpdatedAt: trade.updatedAt, data: { rating: 4 } },
      ],
    });
    expect(results.map((r) => [r.clientId, r.status, r.status === "error" ? r.message : null])).toEqual([
      ["bad-1", "error", "data: give the fields to change as an object"],
      ["bad-2", "error", "quantity: Enter a quantity more than 0 and at most 100,000,000"],
      ["ok", "applied", null],
    ]);
  });
});
