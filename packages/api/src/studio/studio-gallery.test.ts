// studio.list, studio.get and studio.delete through the real router on PostgreSQL: pages and
// isolation between admins, chains read both ways, and deletion that re-parents later edits and
// removes the files (local driver, and the S3 driver against the S3 stub).
import { hashPassword } from "@tradecraft/auth";
import { beforeAll, describe, expect, it } from "vitest";
import { periodEnd } from "../usage/quota-math.ts";
import {
  type Admin,
  adminApi,
  failureOf,
  generationsOf,
  insertGeneration,
  pngOf,
  prisma,
  storedFiles,
  setUpStudioWorld,
  studioS3,
} from "./fixtures/studio-api.ts";

const world = setUpStudioWorld("gallery");

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

/** root → edit 1 → edit 2, made for real (generate, then two edits). */
async function chainOf(admin: Admin) {
  const root = await admin.api.studio.generate({ prompt: "A lighthouse on a price chart", aspectRatio: "3:2" });
  const edit1 = await admin.api.studio.edit({ id: root.id, editPrompt: "Make it night" });
  const edit2 = await admin.api.studio.edit({ id: edit1.id, editPrompt: "Add a full moon" });
  return { root, edit1, edit2 };
}

const rowOf = (id: string) =>
  prisma.generation.findUnique({ where: { id }, select: { parentGenerationId: true, editCount: true } });

describe("studio.list", () => {
  it("pages 25 generations 10 at a time, newest first", async () => {
    const admin = await adminApi(world);
    // Inserted in an order unlike their times, so the order must come from createdAt.
    const minutes = Array.from({ length: 25 }, (_, i) => (i * 7) % 25);
    const rows = [];
    for (const m of minutes) rows.push({ ...(await insertGeneration(admin.user.id, { createdAt: minutesAgo(m) })), m });
    const newestFirst = rows.sort((a, b) => a.m - b.m).map((r) => r.id);

    const pages = [];
    for (const page of [1, 2, 3]) pages.push(await admin.api.studio.list({ page, pageSize: 10 }));
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 5]);
    expect(pages.map((p) => p.meta)).toEqual(
      [1, 2, 3].map((page) => ({ page, pageSize: 10, total: 25, pageCount: 3 })),
    );
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(newestFirst);
    const past = await admin.api.studio.list({ page: 4, pageSize: 10 });
    expect(past.items).toEqual([]);
    expect(past.meta.total).toBe(25);
  });

  it("breaks ties in createdAt by id, so pages never repeat or skip an item", async () => {
    const admin = await adminApi(world);
    const at = minutesAgo(5);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await insertGeneration(admin.user.id, { createdAt: at })).id);
    const [p1, p2] = [
      await admin.api.studio.list({ pageSize: 2 }),
      await admin.api.studio.list({ page: 2, pageSize: 2 }),
    ];
    expect([...p1.items, ...p2.items].map((i) => i.id)).toEqual([...ids].sort().reverse());
  });

  it("shows each admin only their own generations, and counts only theirs", async () => {
    const [alice, bob] = await Promise.all([adminApi(world), adminApi(world)]);
    for (let i = 0; i < 3; i++) await insertGeneration(alice.user.id, { createdAt: minutesAgo(i) });
    const bobs: string[] = [];
    for (let i = 0; i < 2; i++) bobs.push((await insertGeneration(bob.user.id, { createdAt: minutesAgo(i) })).id);

    const aliceList = await alice.api.studio.list({ pageSize: 50 });
    expect(aliceList.meta.total).toBe(3);
    expect(aliceList.items.some((i) => bobs.includes(i.id))).toBe(false);
    const bobList = await bob.api.studio.list({ pageSize: 50 });
    expect(bobList.meta.total).toBe(2);
    expect(bobList.items.map((i) => i.id).sort()).toEqual([...bobs].sort());

    const nobody = await adminApi(world);
    const empty = await nobody.api.studio.list({});
    expect(empty).toMatchObject({ items: [], meta: { page: 1, pageSize: 24, total: 0, pageCount: 1 } });
  });

  it("refuses a page size over 50 or under 1, and page 0", async () => {
    const admin = await adminApi(world);
    const tooBig = await failureOf(admin.api.studio.list({ pageSize: 51 }));
    expect(tooBig).toMatchObject({ code: "BAD_REQUEST", fields: { pageSize: ["Show at most 50 a page."] } });
    expect((await failureOf(admin.api.studio.list({ pageSize: 0 }))).fields.pageSize).toBeDefined();
    expect((await failureOf(admin.api.studio.list({ page: 0 }))).fields.page).toEqual(["Pages start at 1."]);
    expect((await admin.api.studio.list({ pageSize: 50 })).meta.pageSize).toBe(50);
  });

  it("gives each item its image, thumbnail and download URLs, and today's allowance", async () => {
    const admin = await adminApi(world);
    const made = await admin.api.studio.generate({ prompt: "Gallery item", aspectRatio: "2:3" });
    const listed = await admin.api.studio.list({});
    expect(listed.items).toEqual([
      expect.objectContaining({
        id: made.id,
        prompt: "Gallery item",
        aspectRatio: "2:3",
        width: 64,
        height: 96,
        imageUrl: `/studio/${made.id}/image`,
        thumbnailUrl: `/studio/${made.id}/thumbnail`,
        downloadUrl: `/studio/${made.id}/image?download=1`,
      }),
    ]);
    expect(listed.allowance).toEqual({ used: 1, limit: 50, resetsAt: periodEnd(new Date(), "daily") });
    expect(listed.allowance.resetsAt?.toISOString()).toMatch(/T00:00:00\.000Z$/);
    // The thumbnail the URL stands for is there, and is the small WebP.
    const thumbnail = await admin.api.studio.image({ id: made.id, variant: "thumbnail" });
    expect(thumbnail.contentType).toBe("image/webp");
  });
});

describe("studio.get", () => {
  let admin: Admin;
  let chain: Awaited<ReturnType<typeof chainOf>>;
  beforeAll(async () => {
    admin = await adminApi(world);
    chain = await chainOf(admin);
  });

  it("shows an edit with the images above it and the edits made from it", async () => {
    const got = await admin.api.studio.get({ id: chain.edit1.id });
    expect(got.generation).toMatchObject({
      id: chain.edit1.id,
      prompt: "A lighthouse on a price chart",
      editPrompt: "Make it night",
      parentGenerationId: chain.root.id,
      editCount: 1,
    });
    expect(got.createdBy).toEqual({ id: admin.user.id, displayName: admin.user.displayName });
    expect(got.ancestors.map((a) => [a.id, a.editPrompt])).toEqual([[chain.root.id, null]]);
    expect(got.descendants.map((d) => [d.id, d.prompt, d.editPrompt, d.editCount])).toEqual([
      [chain.edit2.id, "A lighthouse on a price chart", "Add a full moon", 2],
    ]);
  });

  it("lists a root's later edits in the order they were made, and a leaf's ancestors root first", async () => {
    const root = await admin.api.studio.get({ id: chain.root.id });
    expect(root.ancestors).toEqual([]);
    expect(root.descendants.map((d) => d.id)).toEqual([chain.edit1.id, chain.edit2.id]);
    const leaf = await admin.api.studio.get({ id: chain.edit2.id });
    expect(leaf.ancestors.map((a) => a.id)).toEqual([chain.root.id, chain.edit1.id]);
    expect(leaf.descendants).toEqual([]);
  });

  it("is NOT_FOUND for another admin's generation", async () => {
    const other = await adminApi(world);
    const failure = await failureOf(other.api.studio.get({ id: chain.edit1.id }));
    expect(failure).toMatchObject({ code: "NOT_FOUND", message: "That image was not found." });
  });

  it("is NOT_FOUND for an id that does not exist", async () => {
    expect((await failureOf(admin.api.studio.get({ id: "cm0doesnotexist00000000000" }))).code).toBe("NOT_FOUND");
  });
});

describe("studio.delete", () => {
  it("removes the row, the image and its thumbnail, and nothing else", async () => {
    const admin = await adminApi(world);
    const keep = await admin.api.studio.generate({ prompt: "Keep me", aspectRatio: "1:1" });
    const gone = await admin.api.studio.generate({ prompt: "Delete me", aspectRatio: "1:1" });
    const keys = await prisma.generation.findUniqueOrThrow({
      where: { id: gone.id },
      select: { storageKey: true, thumbnailKey: true },
    });
    const before = await storedFiles(world.dir);
    expect(before).toEqual(expect.arrayContaining([keys.storageKey, keys.thumbnailKey]));

    expect(await admin.api.studio.delete({ id: gone.id })).toEqual({
      id: gone.id,
      parentGenerationId: null,
      childrenMoved: 0,
    });
    expect(await storedFiles(world.dir)).toEqual(
      before.filter((f) => f !== keys.storageKey && f !== keys.thumbnailKey),
    );
    expect((await generationsOf(admin.user.id)).map((g) => g.id)).toEqual([keep.id]);
    expect((await failureOf(admin.api.studio.image({ id: gone.id, variant: "full" }))).code).toBe("NOT_FOUND");
    expect((await failureOf(admin.api.studio.delete({ id: gone.id }))).code).toBe("NOT_FOUND");
  });

  it("moves the edits of a deleted middle image to its parent, one step shallower", async () => {
    const admin = await adminApi(world);
    const { root, edit1, edit2 } = await chainOf(admin);
    expect(await admin.api.studio.delete({ id: edit1.id })).toEqual({
      id: edit1.id,
      parentGenerationId: root.id,
      childrenMoved: 1,
    });
    expect(await rowOf(edit2.id)).toEqual({ parentGenerationId: root.id, editCount: 1 });
    expect(await rowOf(edit1.id)).toBeNull();
    const got = await admin.api.studio.get({ id: root.id });
    expect(got.descendants.map((d) => [d.id, d.editCount])).toEqual([[edit2.id, 1]]);
    expect((await admin.api.studio.get({ id: edit2.id })).ancestors.map((a) => a.id)).toEqual([root.id]);
    // The moved edit can still be edited, and counts from its new place.
    const edit3 = await admin.api.studio.edit({ id: edit2.id, editPrompt: "Warmer light" });
    expect(edit3.editCount).toBe(2);
  });

  it("makes a deleted root's edits roots of their own chains, and every later edit one shallower", async () => {
    const admin = await adminApi(world);
    // root → a → b → c, and a → d.
    const root = await insertGeneration(admin.user.id, { createdAt: minutesAgo(5) });
    const a = await insertGeneration(admin.user.id, { parentGenerationId: root.id, editCount: 1, editPrompt: "a" });
    const b = await insertGeneration(admin.user.id, { parentGenerationId: a.id, editCount: 2, editPrompt: "b" });
    const c = await insertGeneration(admin.user.id, { parentGenerationId: b.id, editCount: 3, editPrompt: "c" });
    const d = await insertGeneration(admin.user.id, { parentGenerationId: a.id, editCount: 2, editPrompt: "d" });
    const other = await insertGeneration(admin.user.id, { editCount: 0 });

    expect(await admin.api.studio.delete({ id: root.id })).toMatchObject({
      parentGenerationId: null,
      childrenMoved: 1,
    });
    expect(await rowOf(a.id)).toEqual({ parentGenerationId: null, editCount: 0 });
    expect(await rowOf(b.id)).toEqual({ parentGenerationId: a.id, editCount: 1 });
    expect(await rowOf(c.id)).toEqual({ parentGenerationId: b.id, editCount: 2 });
    expect(await rowOf(d.id)).toEqual({ parentGenerationId: a.id, editCount: 1 });
    expect(await rowOf(other.id)).toEqual({ parentGenerationId: null, editCount: 0 });
    expect((await admin.api.studio.get({ id: c.id })).ancestors.map((x) => x.id)).toEqual([a.id, b.id]);
  });

  it("deletes a root and its edit at the same time without losing either deletion", async () => {
    const admin = await adminApi(world);
    for (let round = 0; round < 5; round++) {
      const root = await insertGeneration(admin.user.id, { createdAt: minutesAgo(3) });
      const e1 = await insertGeneration(admin.user.id, { parentGenerationId: root.id, editCount: 1, editPrompt: "1" });
      const e2 = await insertGeneration(admin.user.id, { parentGenerationId: e1.id, editCount: 2, editPrompt: "2" });
      const e3 = await insertGeneration(admin.user.id, { parentGenerationId: e2.id, editCount: 3, editPrompt: "3" });
      const results = await Promise.allSettled([
        admin.api.studio.delete({ id: root.id }),
        admin.api.studio.delete({ id: e1.id }),
      ]);
      expect(results.map((r) => (r.status === "rejected" ? String(r.reason) : "ok"))).toEqual(["ok", "ok"]);
      expect(await rowOf(e2.id)).toEqual({ parentGenerationId: null, editCount: 0 });
      expect(await rowOf(e3.id)).toEqual({ parentGenerationId: e2.id, editCount: 1 });
    }
  });

  it("is NOT_FOUND for another admin's generation, and changes nothing", async () => {
    const [owner, other] = await Promise.all([adminApi(world), adminApi(world)]);
    const root = await owner.api.studio.generate({ prompt: "Mine alone", aspectRatio: "1:1" });
    const child = await insertGeneration(owner.user.id, { parentGenerationId: root.id, editCount: 1 });
    const files = await storedFiles(world.dir);
    const failure = await failureOf(other.api.studio.delete({ id: root.id }));
    expect(failure).toMatchObject({ code: "NOT_FOUND", message: "That image was not found." });
    expect(await storedFiles(world.dir)).toEqual(files);
    expect(await rowOf(root.id)).toEqual({ parentGenerationId: null, editCount: 0 });
    expect(await rowOf(child.id)).toEqual({ parentGenerationId: root.id, editCount: 1 });
  });

  it("removes the objects from an S3 bucket with the S3 driver", async () => {
    const { server: s3, storage } = await studioS3();
    try {
      const admin = await adminApi(world, { storage });
      const filesBefore = await storedFiles(world.dir);
      const made = await admin.api.studio.generate({ prompt: "Into the bucket", aspectRatio: "3:2" });
      const row = await prisma.generation.findUniqueOrThrow({
        where: { id: made.id },
        select: { storageKey: true, thumbnailKey: true },
      });
      expect([...s3.objects.keys()].sort()).toEqual([row.storageKey, row.thumbnailKey].sort());
      expect(s3.objects.get(row.storageKey)?.contentType).toBe("image/png");
      expect(s3.objects.get(row.thumbnailKey)?.contentType).toBe("image/webp");
      expect(await storedFiles(world.dir)).toEqual(filesBefore);
      const read = await admin.api.studio.image({ id: made.id, variant: "full" });
      expect(Buffer.from(read.bytes)).toEqual(s3.objects.get(row.storageKey)?.body);

      await admin.api.studio.delete({ id: made.id });
      expect(s3.objects.size).toBe(0);
      expect(s3.requests.filter((r) => r.method === "DELETE").map((r) => [r.key, r.status])).toEqual(
        expect.arrayContaining([
          [row.storageKey, 204],
          [row.thumbnailKey, 204],
        ]),
      );
    } finally {
      await s3.stop();
    }
  });
});

describe("an admin deleting their account", () => {
  it("takes their Studio images, thumbnails and references with it, rows and files", async () => {
    const { api, user } = await adminApi(world);
    const password = "violet tractor sings under copper rain";
    await prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
    const reference = await api.studio.upload({ content: await pngOf(16, 16) });
    const made = await api.studio.generate({ prompt: "Account deletion poster", aspectRatio: "1:1" });
    const mine = (await storedFiles(world.dir)).filter((file) => file.startsWith(user.id));
    expect(mine).toHaveLength(3);

    await api.account.deleteAccount({ password, confirm: "DELETE" });

    expect((await storedFiles(world.dir)).filter((file) => file.startsWith(user.id))).toEqual([]);
    expect(await prisma.generation.count({ where: { id: made.id } })).toBe(0);
    expect(await prisma.studioReference.count({ where: { id: reference.id } })).toBe(0);
  });
});
