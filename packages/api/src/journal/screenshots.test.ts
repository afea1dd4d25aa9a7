// Screenshots through the caller on a real database, with the local storage driver on a
// temporary directory: metadata stripped before storing, the limits, and every id checked for ownership.
import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { deflateSync } from "node:zlib";
import { hashPassword } from "@tradecraft/auth";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../context.ts";
import { crc32 } from "../media/image.ts";
import { createCaller } from "../root.ts";
import type { SessionUser } from "../session.ts";
import { createStorage } from "../storage/index.ts";
import { inputErrorsOf } from "../trpc.ts";

const prisma = getPrisma();
const PASSWORD = "violet tractor sings under copper rain";
let uploadsDir: string;

beforeAll(async () => {
  uploadsDir = await mkdtemp(path.join(os.tmpdir(), "tradecraft-screenshots-"));
});
afterAll(async () => {
  await rm(uploadsDir, { recursive: true, force: true });
  await closePrisma();
  await closeRedis();
});

// ---- a small real PNG: 3×2 pixels, with a tEXt chunk holding a position ----
const be32 = (n: number) => Buffer.from([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
function chunk(type: string, data: Buffer) {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  return Buffer.concat([be32(data.length), body, be32(crc32(body))]);
}
function png({ text }: { text?: string } = {}) {
  const rows = Buffer.from([0, 16, 185, 129, 243, 229, 171, 10, 10, 11, 0, 10, 10, 11, 16, 185, 129, 243, 229, 171]);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", Buffer.concat([be32(3), be32(2), Buffer.from([8, 2, 0, 0, 0])])),
      ...(text ? [chunk("tEXt", Buffer.from(`Comment\0${text}`, "latin1"))] : []),
      chunk("IDAT", deflateSync(rows)),
      chunk("IEND", Buffer.alloc(0)),
    ]),
  );
}
const GPS = "GPSLatitude=48.858370 N GPSLongitude=2.294481 E";

async function memberApi() {
  const user = await prisma.user.create({
    data: {
      email: `screenshots-${randomUUID()}@example.test`,
      displayName: "Sam Shots",
      passwordHash: await hashPassword(PASSWORD),
      profile: { create: {} },
    },
    select: { id: true, email: true, displayName: true, role: true, tier: true },
  });
  const ctx = await createContext({
    headers: new Headers(),
    app: "web",
    requestId: `screenshots-${randomUUID()}`,
    ip: "2001:db8::9",
  });
  const api = createCaller({
    ...ctx,
    user: user as SessionUser,
    storage: createStorage({ driver: "local", dir: uploadsDir }),
  });
  const account = await api.accounts.create({
    name: "Main",
    broker: "ibkr",
    currency: "usd",
    startingBalance: "25000",
  });
  const newTrade = () =>
    api.journal.create({
      accountId: account.id,
      symbol: "AAPL",
      direction: "long",
      quantity: "10",
      entryPrice: "190",
      entryAt: new Date("2026-03-02T14:35:00Z"),
    });
  return { api, user, newTrade };
}

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return { code: error.code, message: error.message, fields: inputErrorsOf(error.cause)?.fieldErrors ?? {} };
}

/** The files stored for a member (their folder in the uploads directory). */
async function filesOf(userId: string) {
  return readdir(path.join(uploadsDir, userId)).catch(() => [] as string[]);
}

let alice: Awaited<ReturnType<typeof memberApi>>;
let bob: Awaited<ReturnType<typeof memberApi>>;

beforeAll(async () => {
  alice = await memberApi();
  bob = await memberApi();
});

describe("adding and reading", () => {
  it("stores a metadata-free copy with its sniffed type and size, whatever the file was called", async () => {
    const trade = await alice.newTrade();
    const original = png({ text: GPS });
    const shot = await alice.api.screenshots.add({
      tradeId: trade.id,
      fileName: "C:\\Users\\alice\\Desktop\\entry.jpeg",
      caption: "  Entry on the 5-minute chart ",
      content: original,
    });
    expect(shot).toMatchObject({
      tradeId: trade.id,
      contentType: "image/png",
      width: 3,
      height: 2,
      fileName: "entry.jpeg",
      caption: "Entry on the 5-minute chart",
    });
    expect(shot.byteSize).toBeLessThan(original.byteLength);

    const read = await alice.api.screenshots.read({ screenshotId: shot.id, tradeId: trade.id });
    expect(read.contentType).toBe("image/png");
    expect(read.bytes.byteLength).toBe(shot.byteSize);
    expect(Buffer.from(read.bytes).includes("GPSLatitude")).toBe(false);
    // Re-encoded by libvips: the same pixels, not the same bytes.
    expect(await sharp(read.bytes).raw().toBuffer()).toEqual(await sharp(png()).raw().toBuffer());

    const [file] = await filesOf(alice.user.id);
    expect(file).toMatch(/^c[a-z0-9]{24}\.png$/);
    expect(Buffer.from(await readFile(path.join(uploadsDir, alice.user.id, file!)))).toEqual(Buffer.from(read.bytes));
  });

  it("takes base64 text too (clients over HTTP), and lists a trade's screenshots oldest first", async () => {
    const trade = await alice.newTrade();
    const first = await alice.api.screenshots.add({
      tradeId: trade.id,
      fileName: "first.png",
      content: Buffer.from(png()).toString("base64"),
    });
    const second = await alice.api.screenshots.add({
      tradeId: trade.id,
      fileName: "second.png",
      caption: "Exit",
      content: png(),
    });
    const list = await alice.api.screenshots.list({ tradeId: trade.id });
    expect(list.map((s) => [s.id, s.fileName, s.caption])).toEqual([
      [first.id, "first.png", ""],
      [second.id, "second.png", "Exit"],
    ]);
  });

  it("a text file named .png is refused with a clear message, and nothing is stored", async () => {
    const trade = await alice.newTrade();
    const before = await filesOf(alice.user.id);
    const failure = await failureOf(
      alice.api.screenshots.add({
        tradeId: trade.id,
        fileName: "chart.png",
        content: new TextEncoder().encode("just some notes\n"),
      }),
    );
    expect(failure).toMatchObject({ code: "BAD_REQUEST", message: "This file is not a PNG, JPEG, WebP or GIF image." });
    expect(await alice.api.screenshots.list({ tradeId: trade.id })).toEqual([]);
    expect(await filesOf(alice.user.id)).toEqual(before);
  });

  it("bounds every input: more than 10 MB, long names and captions, bad base64", async () => {
    const trade = await alice.newTrade();
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(png());
    expect(
      (await failureOf(alice.api.screenshots.add({ tradeId: trade.id, fileName: "big.png", content: big }))).fields
        .content,
    ).toEqual(["Images can be at most 10 MB."]);
    const bigText = "A".repeat(4 * Math.ceil((10 * 1024 * 1024) / 3) + 4);
    expect(
      (await failureOf(alice.api.screenshots.add({ tradeId: trade.id, fileName: "big.png", content: bigText }))).fields
        .content,
    ).toEqual(["Images can be at most 10 MB."]);
    expect(
      (await failureOf(alice.api.screenshots.add({ tradeId: trade.id, fileName: "x.png", content: "not base64!" })))
        .fields.content,
    ).toEqual(["The image must be base64-encoded."]);
    const long = await failureOf(
      alice.api.screenshots.add({
        tradeId: trade.id,
        fileName: `${"n".repeat(201)}.png`,
        caption: "c".repeat(301),
        content: png(),
      }),
    );
    expect(long.fields).toMatchObject({
      fileName: ["File names are at most 200 characters."],
      caption: ["Captions are at most 300 characters."],
    });
    expect(await alice.api.screenshots.list({ tradeId: trade.id })).toEqual([]);
  });

  it("at most 20 a trade, said plainly; the refused upload leaves no file", async () => {
    const trade = await alice.newTrade();
    for (let i = 0; i < 20; i++)
      await alice.api.screenshots.add({ tradeId: trade.id, fileName: `shot-${i}.png`, content: png() });
    const before = await filesOf(alice.user.id);
    const failure = await failureOf(
      alice.api.screenshots.add({ tradeId: trade.id, fileName: "one-too-many.png", content: png() }),
    );
    expect(failure).toMatchObject({
      code: "BAD_REQUEST",
      message: "A trade can have at most 20 screenshots. Delete one to add another.",
    });
    expect(await filesOf(alice.user.id)).toEqual(before);
    expect(await alice.api.screenshots.list({ tradeId: trade.id })).toHaveLength(20);
  });

  it("concurrent uploads to one trade still stop at 20, and only the stored ones keep files", async () => {
    const trade = await alice.newTrade();
    for (let i = 0; i < 17; i++)
      await alice.api.screenshots.add({ tradeId: trade.id, fileName: `shot-${i}.png`, content: png() });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        alice.api.screenshots.add({ tradeId: trade.id, fileName: `race-${i}.png`, content: png() }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    const rows = await prisma.tradeScreenshot.findMany({ where: { tradeId: trade.id }, select: { storageKey: true } });
    expect(rows).toHaveLength(20);
    const files = new Set(await filesOf(alice.user.id));
    for (const row of rows) expect(files.has(row.storageKey.split("/")[1]!)).toBe(true);
    const allKeys = new Set(
      (await prisma.tradeScreenshot.findMany({ where: { userId: alice.user.id }, select: { storageKey: true } })).map(
        (r) => r.storageKey.split("/")[1],
      ),
    );
    expect([...files].filter((f) => !allKeys.has(f))).toEqual([]);
  });
});

describe("ownership", () => {
  it("another member's trade or screenshot is not found, for every procedure", async () => {
    const trade = await alice.newTrade();
    const shot = await alice.api.screenshots.add({ tradeId: trade.id, fileName: "mine.png", content: png() });
    const notFound = { code: "NOT_FOUND" };
    expect(
      await failureOf(bob.api.screenshots.add({ tradeId: trade.id, fileName: "theirs.png", content: png() })),
    ).toMatchObject({ ...notFound, message: "That trade was not found." });
    expect(await failureOf(bob.api.screenshots.list({ tradeId: trade.id }))).toMatchObject(notFound);
    expect(await failureOf(bob.api.screenshots.read({ screenshotId: shot.id }))).toMatchObject({
      ...notFound,
      message: "That screenshot was not found.",
    });
    expect(await failureOf(bob.api.screenshots.delete({ screenshotId: shot.id }))).toMatchObject(notFound);
    expect(await filesOf(bob.user.id)).toEqual([]);
    // Read through another of the owner's trades' URLs: not found either.
    const other = await alice.newTrade();
    expect(await failureOf(alice.api.screenshots.read({ screenshotId: shot.id, tradeId: other.id }))).toMatchObject(
      notFound,
    );
    // Still there for its owner.
    expect((await alice.api.screenshots.read({ screenshotId: shot.id })).contentType).toBe("image/png");
  });
});

describe("deleting", () => {
  it("screenshots.delete removes the row and the file", async () => {
    const trade = await alice.newTrade();
    const shot = await alice.api.screenshots.add({ tradeId: trade.id, fileName: "gone.png", content: png() });
    const { storageKey } = await prisma.tradeScreenshot.findUniqueOrThrow({
      where: { id: shot.id },
      select: { storageKey: true },
    });
    expect(await alice.api.screenshots.delete({ screenshotId: shot.id })).toEqual({ deleted: true, tradeId: trade.id });
    expect(await alice.api.screenshots.list({ tradeId: trade.id })).toEqual([]);
    await expect(readFile(path.join(uploadsDir, storageKey))).rejects.toMatchObject({ code: "ENOENT" });
    expect(await failureOf(alice.api.screenshots.read({ screenshotId: shot.id }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("deleting a trade deletes its screenshots' files, and no one else's", async () => {
    const trade = await alice.newTrade();
    const kept = await alice.newTrade();
    await alice.api.screenshots.add({ tradeId: trade.id, fileName: "a.png", content: png() });
    await alice.api.screenshots.add({ tradeId: trade.id, fileName: "b.png", content: png() });
    const keep = await alice.api.screenshots.add({ tradeId: kept.id, fileName: "c.png", content: png() });
    const keys = (
      await prisma.tradeScreenshot.findMany({ where: { tradeId: trade.id }, select: { storageKey: true } })
    ).map((r) => r.storageKey);
    await alice.api.journal.delete({ tradeId: trade.id });
    for (const key of keys)
      await expect(readFile(path.join(uploadsDir, key))).rejects.toMatchObject({ code: "ENOENT" });
    expect((await alice.api.screenshots.read({ screenshotId: keep.id })).bytes.byteLength).toBe(keep.byteSize);
  });

  it("the data export lists screenshot metadata; deleting the account deletes the files", async () => {
    const carol = await memberApi();
    const trade = await carol.newTrade();
    const shot = await carol.api.screenshots.add({
      tradeId: trade.id,
      fileName: "export.png",
      caption: "for the export",
      content: png(),
    });
    const exported = await carol.api.account.exportData();
    expect(exported.journal.screenshots).toEqual([
      expect.objectContaining({
        id: shot.id,
        tradeId: trade.id,
        fileName: "export.png",
        caption: "for the export",
        contentType: "image/png",
        width: 3,
        height: 2,
      }),
    ]);
    expect(await filesOf(carol.user.id)).toHaveLength(1);
    await carol.api.account.deleteAccount({ password: PASSWORD, confirm: "DELETE" });
    expect(await filesOf(carol.user.id)).toEqual([]);
  });
});

describe("deleting what holds trades", () => {
  it("deleting a broker account deletes its trades' screenshot files", async () => {
    const trade = await alice.newTrade();
    await alice.api.screenshots.add({ tradeId: trade.id, fileName: "account.png", content: png() });
    const { storageKey } = await prisma.tradeScreenshot.findFirstOrThrow({
      where: { tradeId: trade.id },
      select: { storageKey: true },
    });
    await alice.api.accounts.delete({ accountId: trade.accountId });
    await expect(readFile(path.join(uploadsDir, storageKey))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("undoing an import deletes the screenshot files of the trades it removes", async () => {
    const { api } = alice;
    const acct = await api.accounts.create({ name: `Undo ${randomUUID().slice(0, 8)}` });
    const csv = [
      "time,symbol,side,quantity,price,fees,asset_class,execution_id",
      "2026-03-05T09:30:00-05:00,AAPL,buy,10,190,1,stock,u1",
      "2026-03-05T10:30:00-05:00,AAPL,sell,10,191,1,stock,u2",
    ].join("\n");
    const { importId } = await api.imports.commit({ accountId: acct.id, fileName: "undo.csv", content: csv });
    const [trade] = (await api.journal.list({ filters: { accountId: acct.id } })).trades;
    await api.screenshots.add({ tradeId: trade!.id, fileName: "imported.png", content: png() });
    const { storageKey } = await prisma.tradeScreenshot.findFirstOrThrow({
      where: { tradeId: trade!.id },
      select: { storageKey: true },
    });
    await api.imports.undo({ importId });
    await expect(readFile(path.join(uploadsDir, storageKey))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("undoing an import that continued a trade keeps that trade's screenshots", async () => {
    const { api } = alice;
    const acct = await api.accounts.create({ name: `Keep ${randomUUID().slice(0, 8)}` });
    const header = "time,symbol,side,quantity,price,fees,asset_class,execution_id";
    await api.imports.commit({
      accountId: acct.id,
      fileName: "open.csv",
      content: [header, "2026-03-05T09:30:00-05:00,AAPL,buy,10,190,1,stock,k1"].join("\n"),
    });
    const [open] = (await api.journal.list({ filters: { accountId: acct.id } })).trades;
    await api.screenshots.add({ tradeId: open!.id, fileName: "entry.png", content: png() });
    const { importId } = await api.imports.commit({
      accountId: acct.id,
      fileName: "close.csv",
      content: [header, "2026-03-05T10:30:00-05:00,AAPL,sell,10,191,1,stock,k2"].join("\n"),
    });
    await api.imports.undo({ importId });
    const kept = await api.screenshots.list({ tradeId: open!.id });
    expect(kept.map((s) => s.fileName)).toEqual(["entry.png"]);
    const { storageKey } = await prisma.tradeScreenshot.findFirstOrThrow({
      where: { tradeId: open!.id },
      select: { storageKey: true },
    });
    expect((await readFile(path.join(uploadsDir, storageKey))).length).toBeGreaterThan(0);
  });
});
