// The rendered-page cache's key on a real database: a valid session gives `member:version`, and
// the version moves with every change a member's journal page shows, whichever path wrote it.
import { SESSION_POLICY } from "@tradecraft/auth";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "./auth/session.service.ts";
import { memberPageKey } from "./page-cache-key.ts";
import { newMember } from "./testing/members.ts";

const prisma = getPrisma();

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

const cookieFor = (token: string) => `theme=dark; ${SESSION_POLICY.web.cookieName}=${token}`;

let ada: Awaited<ReturnType<typeof newMember>>;
let bob: Awaited<ReturnType<typeof newMember>>;
let adaCookie: string;
let bobCookie: string;
let account: { id: string };

beforeAll(async () => {
  ada = await newMember({ label: "page-key" });
  bob = await newMember({ label: "page-key" });
  adaCookie = cookieFor((await createSession(prisma, { userId: ada.user.id, app: "web" })).token);
  bobCookie = cookieFor((await createSession(prisma, { userId: bob.user.id, app: "web" })).token);
  account = await ada.api.accounts.create({ name: "Main" });
});

const key = (cookie: string) => memberPageKey("web", cookie);

/** Runs a change and returns whether Ada's key moved (and checks Bob's never does). */
async function moves(change: () => Promise<unknown>): Promise<boolean> {
  const [adaBefore, bobBefore] = [await key(adaCookie), await key(bobCookie)];
  await change();
  expect(await key(bobCookie)).toBe(bobBefore);
  return (await key(adaCookie)) !== adaBefore;
}

const trade = (symbol = "AAPL") => ({
  accountId: account.id,
  symbol,
  direction: "long" as const,
  quantity: "10",
  entryPrice: "100",
  entryAt: new Date("2026-03-02T14:35:00Z"),
  exitPrice: "101",
  exitAt: new Date("2026-03-02T15:35:00Z"),
});

describe("memberPageKey", () => {
  it("names the member and their data version for a valid session", async () => {
    expect(await key(adaCookie)).toMatch(new RegExp(`^${ada.user.id}:\\d+$`));
    expect(await key(bobCookie)).toMatch(new RegExp(`^${bob.user.id}:\\d+$`));
  });

  it("gives no key without a usable session: no cookie, a malformed or unknown token, the admin app's session, an expired one", async () => {
    expect(await memberPageKey("web", null)).toBeNull();
    expect(await key(cookieFor("not-a-token"))).toBeNull();
    expect(await key(cookieFor("a".repeat(32)))).toBeNull();
    const admin = await createSession(prisma, { userId: ada.user.id, app: "admin" });
    expect(await memberPageKey("web", `${SESSION_POLICY.web.cookieName}=${admin.token}`)).toBeNull();
    const old = await createSession(prisma, {
      userId: ada.user.id,
      app: "web",
      now: new Date(Date.now() - SESSION_POLICY.web.lifetimeMs - 1000),
    });
    expect(await key(cookieFor(old.token))).toBeNull();
  });

  it("gives no key when the session has something to write (renewal, last seen), so the page renders and writes it", async () => {
    // Created 20 days ago: past half its lifetime (renewal due) and last seen long ago.
    const stale = await createSession(prisma, {
      userId: ada.user.id,
      app: "web",
      now: new Date(Date.now() - 20 * 24 * 3600_000),
    });
    expect(await key(cookieFor(stale.token))).toBeNull();
  });

  it("moves with every change to the member's trades, accounts, setups, profile and user row", async () => {
    let created = { id: "" };
    expect(await moves(async () => (created = await ada.api.journal.create(trade())))).toBe(true);
    expect(await moves(() => ada.api.journal.update({ tradeId: created.id, notes: "Waited for the retest" }))).toBe(
      true,
    );
    expect(await moves(() => ada.api.journal.bulkTag({ tradeIds: [created.id], add: ["breakout"] }))).toBe(true);
    expect(await moves(() => ada.api.journal.delete({ tradeId: created.id }))).toBe(true);
    const setup = { id: "" };
    expect(await moves(async () => Object.assign(setup, await ada.api.setups.create({ name: "Opening range" })))).toBe(
      true,
    );
    expect(await moves(() => ada.api.setups.delete({ setupId: setup.id }))).toBe(true);
    expect(await moves(() => ada.api.accounts.update({ accountId: account.id, name: "Main (margin)" }))).toBe(true);
    expect(
      await moves(() =>
        ada.api.account.updateProfile({
          displayName: "Ada L.",
          bio: "",
          timeZone: "Europe/London",
          coachStyle: "concise",
        }),
      ),
    ).toBe(true);
    // A write no procedure makes (an admin's tier change, a job) moves it as well.
    expect(
      await moves(() => prisma.user.update({ where: { id: ada.user.id }, data: { emailVerifiedAt: new Date() } })),
    ).toBe(true);
  });

  it("moves when an import adds trades and when it is undone, once per statement", async () => {
    const file = [
      "time,symbol,side,quantity,price,fees,asset_class,execution_id",
      ...Array.from({ length: 20 }, (_, i) => [
        `2026-03-0${(i % 5) + 2}T15:0${i % 10}:00Z,MSFT,${i % 2 ? "sell" : "buy"},5,400,0,stock,pk-${i}`,
      ]).flat(),
    ].join("\n");
    const before = Number((await key(adaCookie))!.split(":")[1]);
    let importId = "";
    expect(
      await moves(
        async () =>
          ({ importId } = await ada.api.imports.commit({ accountId: account.id, fileName: "pk.csv", content: file })),
      ),
    ).toBe(true);
    // Ten trades in one import are a handful of statements, not ten bumps per row.
    expect(Number((await key(adaCookie))!.split(":")[1]) - before).toBeLessThan(10);
    expect(await moves(() => ada.api.imports.undo({ importId }))).toBe(true);
  });

  it("moves once for each of several concurrent writes of the same member (commits take turns on the counter)", async () => {
    const before = Number((await key(adaCookie))!.split(":")[1]);
    await Promise.all(Array.from({ length: 8 }, (_, i) => ada.api.journal.create(trade(`C${i}`))));
    const after = Number((await key(adaCookie))!.split(":")[1]);
    expect(after - before).toBeGreaterThanOrEqual(8);
  });

  it("goes away with the member: deleting them and their journal leaves no version behind", async () => {
    const carl = await newMember({ label: "page-key" });
    const acct = await carl.api.accounts.create({ name: "Gone soon" });
    await carl.api.journal.create({ ...trade(), accountId: acct.id });
    await prisma.user.delete({ where: { id: carl.user.id } });
    expect(await prisma.memberPageVersion.count({ where: { userId: carl.user.id } })).toBe(0);
  });
});

describe("the Studio gallery's key (admin app)", () => {
  it("moves when one of the admin's generations is made, re-parented or deleted, and only theirs", async () => {
    const admin = await prisma.user.create({
      data: { email: `page-key-admin-${Date.now()}@example.test`, displayName: "Key Admin", role: "ADMIN" },
      select: { id: true },
    });
    const cookie = `${SESSION_POLICY.admin.cookieName}=${(await createSession(prisma, { userId: admin.id, app: "admin" })).token}`;
    const adminKey = () => memberPageKey("admin", cookie);
    const row = (n: number) => ({
      userId: admin.id,
      prompt: `Key poster ${n}`,
      aspectRatio: "1:1",
      model: "gpt-image-1",
      storageKey: `${admin.id}/c${n}keyposter0000000000000.png`,
      thumbnailKey: `${admin.id}/c${n}keyposter0000000000000.webp`,
      contentType: "image/png",
      width: 64,
      height: 64,
      bytes: 100,
    });
    const adminMoves = async (change: () => Promise<unknown>) => {
      const [before, bobBefore] = [await adminKey(), await key(bobCookie)];
      expect(before).toMatch(new RegExp(`^${admin.id}:\\d+$`));
      await change();
      expect(await key(bobCookie)).toBe(bobBefore);
      return (await adminKey()) !== before;
    };
    let root = { id: "" };
    expect(
      await adminMoves(async () => (root = await prisma.generation.create({ data: row(1), select: { id: true } }))),
    ).toBe(true);
    const child = await prisma.generation.create({ data: { ...row(2), parentGenerationId: root.id, editCount: 1 } });
    expect(
      await adminMoves(() => prisma.generation.update({ where: { id: child.id }, data: { parentGenerationId: null } })),
    ).toBe(true);
    expect(await adminMoves(() => prisma.generation.delete({ where: { id: root.id } }))).toBe(true);
  });
});
