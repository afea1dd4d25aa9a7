// Issue 11, defects 5, 6 and 10 through the router on a real database: text with NUL, an
// unpaired surrogate or (in names) an invisible or bidi character, and dates outside the ISO
// calendar, are field errors (never a 500), and nothing is stored when they are refused.
import { getPrisma, closePrisma, closeRedis } from "@tradecraft/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../context.ts";
import { createCaller } from "../root.ts";
import { failureOf, newMember } from "../testing/members.ts";
import { CONTROL_MESSAGE, INVISIBLE_MESSAGE } from "./text.ts";

const prisma = getPrisma();
let alice: Awaited<ReturnType<typeof newMember>>;
let account: { id: string };

beforeAll(async () => {
  alice = await newMember({ label: "inputs", timeZone: "America/New_York" });
  account = await alice.api.accounts.create({ name: "Main" });
});

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

/** What alice has stored, to show a refused call wrote nothing. */
async function stored() {
  const userId = alice.user.id;
  const [accounts, setups, trades, fills, conversations, messages, profile] = await Promise.all([
    prisma.brokerAccount.count({ where: { userId } }),
    prisma.setup.count({ where: { userId } }),
    prisma.trade.count({ where: { userId } }),
    prisma.fill.count({ where: { trade: { userId } } }),
    prisma.conversation.count({ where: { userId } }),
    prisma.conversationMessage.count({ where: { conversation: { userId } } }),
    prisma.user.findUniqueOrThrow({
      where: { id: userId },
      select: { displayName: true, profile: { select: { bio: true } } },
    }),
  ]);
  return { accounts, setups, trades, fills, conversations, messages, profile };
}

/** The refusal of `call` (BAD_REQUEST with `field`'s messages), checking nothing was stored by it. */
async function refusedWithoutWriting(call: () => Promise<unknown>) {
  const before = await stored();
  const failure = await failureOf(call());
  expect(await stored()).toEqual(before);
  return failure;
}

const trade = { symbol: "AAPL", direction: "long" as const, quantity: "10", entryPrice: "100" };

describe("defect 5: NUL and unpaired surrogates are field errors at the edge", () => {
  it("accounts.create with a NUL or half a surrogate pair in the name", async () => {
    for (const name of ["a\u0000b", "a\ud800b", "\udc00"]) {
      const refused = await refusedWithoutWriting(() => alice.api.accounts.create({ name }));
      expect(refused.code).toBe("BAD_REQUEST");
      expect(refused.fields).toEqual({ name: [CONTROL_MESSAGE] });
    }
  });

  it("ids and filters from URLs (journal.get, journal.list ?tag=, coach.open) are refused, not looked up", async () => {
    expect(await failureOf(alice.api.journal.get({ tradeId: "\u0000" }))).toMatchObject({
      code: "BAD_REQUEST",
      fields: { tradeId: [CONTROL_MESSAGE] },
    });
    expect(await failureOf(alice.api.journal.list({ filters: { tag: "\u0000" } }))).toMatchObject({
      code: "BAD_REQUEST",
      fields: { filters: [CONTROL_MESSAGE] },
    });
    expect(await failureOf(alice.api.analytics.summary({ tag: "x\udfff" }))).toMatchObject({
      code: "BAD_REQUEST",
      fields: { tag: [CONTROL_MESSAGE] },
    });
    expect(await failureOf(alice.api.coach.open({ conversationId: "\u0000" }))).toMatchObject({
      code: "BAD_REQUEST",
      fields: { conversationId: [CONTROL_MESSAGE] },
    });
    expect(await failureOf(alice.api.screenshots.read({ screenshotId: "\u0000", tradeId: "x" }))).toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("notes and coach messages keep line breaks and tabs, and refuse NUL", async () => {
    const kept = await alice.api.journal.create({
      accountId: account.id,
      ...trade,
      entryAt: new Date("2026-03-02T15:00:00Z"),
      notes: "plan:\r\n\t- wait\n",
    });
    expect(kept.notes).toBe("plan:\r\n\t- wait\n");
    const refused = await refusedWithoutWriting(() =>
      alice.api.journal.create({
        accountId: account.id,
        ...trade,
        entryAt: new Date("2026-03-02T15:00:00Z"),
        notes: "a\u0000b",
      }),
    );
    expect(refused.fields).toEqual({ notes: [CONTROL_MESSAGE] });

    const conversation = await alice.api.coach.create({});
    const nul = await refusedWithoutWriting(() =>
      alice.api.coach.send({ conversationId: conversation.id, text: "why\u0000?" }),
    );
    expect(nul.fields).toEqual({ text: [CONTROL_MESSAGE] });
  });

  it("a first message with an emoji astride the title's cut makes a title of whole characters (it split the pair: a 500)", async () => {
    const conversation = await alice.api.coach.create({});
    const text = `${"a".repeat(58)}📈📈 and more`;
    await alice.api.coach.send({ conversationId: conversation.id, text });
    const { conversation: saved } = await alice.api.coach.open({ conversationId: conversation.id });
    expect(saved.title).toBe(`${"a".repeat(58)}📈…`);
  });

  it("a bio, a profile's band and a password refuse controls; the bio keeps its line breaks", async () => {
    const profile = {
      displayName: "Alice",
      bio: "Swing trader.\nPatient.",
      timeZone: "America/New_York",
      coachStyle: "concise" as const,
    };
    await alice.api.account.updateProfile(profile);
    expect((await alice.api.account.profile()).bio).toBe("Swing trader.\nPatient.");
    expect(
      (await refusedWithoutWriting(() => alice.api.account.updateProfile({ ...profile, bio: "x\u0000" }))).fields,
    ).toEqual({ bio: [CONTROL_MESSAGE] });
    expect(
      (await failureOf(alice.api.account.changePassword({ currentPassword: "a\u0000", newPassword: "b" }))).fields,
    ).toMatchObject({ currentPassword: [CONTROL_MESSAGE] });
  });
});

describe("defect 6: dates are ISO, on the calendar, within 1970..2100, and not in the future", () => {
  const format = "Entry time must be a date like 2026-03-02 or a date-time like 2026-03-02T14:30:00Z";

  it("journal.create refuses what z.coerce.date took (99999-12-31 was a 500; null, true, 0, 'x 1' and 2026-02-30 were stored)", async () => {
    const cases: [unknown, string][] = [
      ["99999-12-31", format],
      [null, "Enter when the trade was opened"],
      [true, format],
      [0, format],
      ["x 1", format],
      ["2026-02-30", format],
      [new Date("1969-07-20T20:17:00Z"), "Entry time must be between 1970-01-01 and 2100-12-31"],
      [new Date(Date.now() + 3_600_000), "Entry time can't be in the future"],
    ];
    for (const [entryAt, message] of cases) {
      const refused = await refusedWithoutWriting(() =>
        alice.api.journal.create({ accountId: account.id, ...trade, entryAt: entryAt as Date }),
      );
      expect(refused.fields, String(entryAt)).toEqual({ entryAt: [message] });
    }
    const exit = await refusedWithoutWriting(() =>
      alice.api.journal.create({
        accountId: account.id,
        ...trade,
        entryAt: new Date(),
        exitPrice: "101",
        exitAt: new Date(Date.now() + 86_400_000),
      }),
    );
    expect(exit.fields).toEqual({ exitAt: ["Exit time can't be in the future"] });
  });

  it("a zoneless date-time (a datetime-local value) is the member's wall clock; with Z or an offset it is that instant", async () => {
    const local = await alice.api.journal.create({
      accountId: account.id,
      ...trade,
      entryAt: "2026-03-02T09:30" as unknown as Date,
      exitPrice: "101",
      exitAt: "2026-03-02T10:15:30.250" as unknown as Date,
    });
    expect(local.entryAt).toEqual(new Date("2026-03-02T14:30:00Z"));
    expect(local.exitAt).toEqual(new Date("2026-03-02T15:15:30.250Z"));
    const zoned = await alice.api.journal.create({
      accountId: account.id,
      ...trade,
      entryAt: "2026-03-02T09:30:00+01:00" as unknown as Date,
    });
    expect(zoned.entryAt).toEqual(new Date("2026-03-02T08:30:00Z"));
    const moved = await alice.api.journal.update({ tradeId: zoned.id, entryAt: "2026-03-03" as unknown as Date });
    expect(moved.entryAt).toEqual(new Date("2026-03-03T05:00:00Z"));
    const nextYear = new Date().getUTCFullYear() + 1;
    const future = await refusedWithoutWriting(() =>
      alice.api.journal.update({ tradeId: zoned.id, entryAt: `${nextYear}-01-01T00:00` as unknown as Date }),
    );
    expect(future.fields).toEqual({ entryAt: ["Entry time can't be in the future"] });
    const backwards = await refusedWithoutWriting(() =>
      alice.api.journal.create({
        accountId: account.id,
        ...trade,
        entryAt: "2026-03-02T09:30" as unknown as Date,
        exitPrice: "101",
        exitAt: "2026-03-02T14:00:00Z" as unknown as Date,
      }),
    );
    expect(backwards.fields).toEqual({ exitAt: ["The exit is before the entry"] });
  });

  it("an option expiry of 0000-00-00 (a 500) and filters of 2026-99-99 (accepted) are field errors", async () => {
    const option = await refusedWithoutWriting(() =>
      alice.api.journal.create({
        accountId: account.id,
        ...trade,
        symbol: "SPY",
        assetClass: "option",
        entryAt: new Date("2026-03-02T15:00:00Z"),
        option: { expiry: "0000-00-00", strike: "580", right: "call" },
      }),
    );
    expect(option.fields).toEqual({
      option: ["Enter the option expiry as a date like 2026-03-02, from 1970-01-01 to 2100-12-31"],
    });
    expect((await failureOf(alice.api.analytics.summary({ from: "2026-99-99" }))).fields).toEqual({
      from: ["Use a date like 2026-03-02, from 1970-01-01 to 2100-12-31"],
    });
    expect((await failureOf(alice.api.analytics.calendar({ filters: {}, month: "0000-01" }))).fields).toMatchObject({
      month: [expect.stringContaining("Use a month like 2026-03")],
    });
  });

  it("batchSync's baseUpdatedAt and the admin audit's dates are checked the same way", async () => {
    const sync = await failureOf(
      alice.api.journal.batchSync({
        mutations: [{ clientId: "c1", op: "delete", tradeId: "t1", baseUpdatedAt: 0 as unknown as Date }],
      }),
    );
    expect(sync.code).toBe("BAD_REQUEST");
    const admin = await prisma.user.create({
      data: { email: `inputs-admin-${Date.now()}@example.test`, displayName: "Ada Admin", role: "ADMIN" },
      select: { id: true, email: true, displayName: true, role: true, tier: true },
    });
    const api = createCaller({ ...(await createContext({ headers: new Headers(), app: "admin" })), user: admin });
    expect((await failureOf(api.admin.audit({ from: "2026-99-99" as unknown as Date }))).fields).toEqual({
      from: ["From must be a date like 2026-03-02 or a date-time like 2026-03-02T14:30:00Z"],
    });
    expect((await api.admin.audit({ from: "2026-03-01" as unknown as Date, to: new Date() })).page).toBe(1);
  });
});

describe("defect 10: names refuse invisible and bidi characters", () => {
  it("setup, account, tag, emotion, conversation and display names, each with a field error", async () => {
    const spoof = "Bob\u202Egnp.exe";
    expect((await refusedWithoutWriting(() => alice.api.setups.create({ name: spoof }))).fields).toEqual({
      name: [INVISIBLE_MESSAGE],
    });
    expect(
      (await refusedWithoutWriting(() => alice.api.accounts.update({ accountId: account.id, name: "Main\u200B" })))
        .fields,
    ).toEqual({ name: [INVISIBLE_MESSAGE] });
    const tagged = await refusedWithoutWriting(() =>
      alice.api.journal.create({
        accountId: account.id,
        ...trade,
        entryAt: new Date("2026-03-02T15:00:00Z"),
        tags: ["ok", "\u2066hidden\u2069"],
      }),
    );
    expect(tagged.fields).toEqual({ tags: [INVISIBLE_MESSAGE] });
    const feeling = await refusedWithoutWriting(() =>
      alice.api.journal.create({
        accountId: account.id,
        ...trade,
        entryAt: new Date("2026-03-02T15:00:00Z"),
        emotions: ["calm\u200D"],
      }),
    );
    expect(feeling.fields).toEqual({ emotions: [INVISIBLE_MESSAGE] });
    const conversation = await alice.api.coach.create({});
    expect(
      (await failureOf(alice.api.coach.rename({ conversationId: conversation.id, title: "\u200Fnew" }))).fields,
    ).toEqual({ title: [INVISIBLE_MESSAGE] });
    const profile = { bio: "", timeZone: "UTC", coachStyle: "concise" as const };
    expect(
      (await refusedWithoutWriting(() => alice.api.account.updateProfile({ ...profile, displayName: "Admin\u061C" })))
        .fields,
    ).toEqual({ displayName: [INVISIBLE_MESSAGE] });
  });

  it("a tag stored before names were checked can still be found and removed, but not added", async () => {
    const legacy = "old\u200Btag";
    const stored = await alice.api.journal.create({
      accountId: account.id,
      ...trade,
      entryAt: new Date("2026-03-02T15:00:00Z"),
    });
    await prisma.trade.update({ where: { id: stored.id }, data: { tags: [legacy, "kept"] } });
    expect((await alice.api.journal.list({ filters: { tag: legacy } })).trades.map((t) => t.id)).toEqual([stored.id]);
    expect((await failureOf(alice.api.journal.bulkTag({ tradeIds: [stored.id], add: [legacy] }))).fields).toEqual({
      add: [INVISIBLE_MESSAGE],
    });
    await alice.api.journal.bulkTag({ tradeIds: [stored.id], remove: [legacy] });
    expect((await alice.api.journal.get({ tradeId: stored.id })).trade.tags).toEqual(["kept"]);
  });

  it("names in any script, with accents and emoji, are still welcome", async () => {
    for (const name of ["Brückenkopf 🚀", "突破", "اختراق", "פריצה"])
      expect((await alice.api.setups.create({ name })).name).toBe(name);
  });
});
