// studio.generate and studio.upload through the real router: PostgreSQL, Redis (rate limits), the
// real openai SDK against the OpenAI stub, and the local storage driver on a temporary directory.
// After every failure nothing may be left: no Generation row, no file, no allowance spent.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { moderationBlocked } from "@tradecraft/testing";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { appRouter } from "../root.ts";
import { createStorage, type Storage } from "../storage/index.ts";
import { periodStart } from "../usage/quota-math.ts";
import {
  type Admin,
  adminApi,
  aiCallsOf,
  failureOf,
  generationsOf,
  imageRequests,
  pngOf,
  prisma,
  storedFiles,
  storedSha,
  setUpStudioWorld,
  usedToday,
  studioS3,
} from "./fixtures/studio-api.ts";

const world = setUpStudioWorld("generate");

/** Runs a call that must fail and checks it left nothing behind: no row, no file, the allowance given back. */
async function failsCleanly(admin: Admin, call: () => Promise<unknown>) {
  const filesBefore = await storedFiles(world.dir);
  const usedBefore = await usedToday(admin.user.id);
  const failure = await failureOf(call());
  expect(await generationsOf(admin.user.id)).toEqual([]);
  expect(await storedFiles(world.dir)).toEqual(filesBefore);
  expect(await usedToday(admin.user.id)).toBe(usedBefore);
  return failure;
}

/** The provider was really called: the allowance was taken (its counter row exists) and then given back to 0. */
async function expectChargedThenRefunded(admin: Admin) {
  const rows = await prisma.usageCounter.findMany({
    where: { userId: admin.user.id, kind: "studioImages" },
    select: { used: true },
  });
  expect(rows).toEqual([{ used: 0 }]);
  expect(world.stub.imageRequests()).toHaveLength(1);
}

describe("studio.generate", () => {
  it.each([
    ["1:1", "1024x1024", 64, 64],
    ["3:2", "1536x1024", 96, 64],
    ["2:3", "1024x1536", 64, 96],
  ] as const)("%s asks for %s and stores a %ix%i PNG with a WebP thumbnail", async (ratio, size, width, height) => {
    const admin = await adminApi(world);
    const made = await admin.api.studio.generate({ prompt: "  A bull made of candlesticks  ", aspectRatio: ratio });

    const [request, ...more] = imageRequests(world.stub);
    expect(more).toEqual([]);
    expect(request).toMatchObject({
      endpoint: "generations",
      size,
      model: "gpt-image-1",
      quality: "medium",
      n: 1,
      prompt: "A bull made of candlesticks",
    });
    expect(made).toMatchObject({
      prompt: "A bull made of candlesticks",
      editPrompt: null,
      aspectRatio: ratio,
      contentType: "image/png",
      width,
      height,
      editCount: 0,
      parentGenerationId: null,
      imageUrl: `/studio/${made.id}/image`,
      thumbnailUrl: `/studio/${made.id}/thumbnail`,
    });

    const row = await prisma.generation.findUniqueOrThrow({
      where: { id: made.id },
      select: { storageKey: true, thumbnailKey: true, userId: true },
    });
    expect(row.userId).toBe(admin.user.id);
    expect(await storedFiles(path.join(world.dir, admin.user.id))).toEqual(
      [row.storageKey, row.thumbnailKey].map((k) => k.split("/")[1]).sort(),
    );
    const full = await sharp(await readFile(path.join(world.dir, row.storageKey))).metadata();
    expect(full).toMatchObject({ format: "png", width, height });
    expect(full.width / full.height).toBeCloseTo(Number(size.split("x")[0]) / Number(size.split("x")[1]), 5);
    const thumbnail = await sharp(await readFile(path.join(world.dir, row.thumbnailKey))).metadata();
    expect(thumbnail).toMatchObject({ format: "webp", width, height }); // small images are never enlarged

    expect(await usedToday(admin.user.id)).toBe(1);
    expect(await aiCallsOf(admin.user.id)).toEqual([
      {
        feature: "studio",
        model: "gpt-image-1",
        images: 1,
        imageSize: size,
        imageQuality: "medium",
        outcome: "ok",
      },
    ]);
  });

  it("sends uploaded references to images.edit as files, in the order given, and records their ids", async () => {
    const admin = await adminApi(world);
    const first = await admin.api.studio.upload({ content: await pngOf(40, 30), fileName: "C:\\charts\\first.png" });
    const second = await admin.api.studio.upload({ content: await pngOf(20, 20, { r: 200, g: 30, b: 30 }) });
    expect(first).toMatchObject({ contentType: "image/png", width: 40, height: 30, fileName: "first.png" });

    const made = await admin.api.studio.generate({
      prompt: "Merge these two charts",
      aspectRatio: "3:2",
      referenceImageIds: [second.id, first.id],
    });
    expect(made.referenceImageIds).toEqual([second.id, first.id]);

    const [request] = imageRequests(world.stub);
    expect(request).toMatchObject({ endpoint: "edits", size: "1536x1024", prompt: "Merge these two charts" });
    const references = await prisma.studioReference.findMany({
      where: { userId: admin.user.id },
      select: { id: true, storageKey: true, bytes: true },
    });
    const expected = await Promise.all(
      [second.id, first.id].map(async (id) => {
        const ref = references.find((r) => r.id === id)!;
        return { bytes: ref.bytes, sha256: await storedSha(world.dir, ref.storageKey), contentType: "image/png" };
      }),
    );
    expect(request!.inputs.map((f) => ({ bytes: f.bytes, sha256: f.sha256, contentType: f.contentType }))).toEqual(
      expected,
    );
    expect(request!.inputs.map((f) => f.field)).toEqual(["image[]", "image[]"]);
  });

  it("refuses a reference that is not an image, and stores nothing", async () => {
    const admin = await adminApi(world);
    const filesBefore = await storedFiles(world.dir);
    const failure = await failureOf(
      admin.api.studio.upload({ content: new TextEncoder().encode("%PDF-1.7 not a picture"), fileName: "x.png" }),
    );
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.message).toMatch(/not a PNG, JPEG, WebP or GIF/);
    expect(await storedFiles(world.dir)).toEqual(filesBefore);
    expect(await prisma.studioReference.count({ where: { userId: admin.user.id } })).toBe(0);
  });

  it("refuses a GIF as a reference (the Images API takes PNG, JPEG and WebP), and stores nothing", async () => {
    const admin = await adminApi(world);
    const filesBefore = await storedFiles(world.dir);
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#336699" } })
      .gif()
      .toBuffer();
    const failure = await failureOf(admin.api.studio.upload({ content: new Uint8Array(gif) }));
    expect(failure).toMatchObject({ code: "BAD_REQUEST", message: "Reference images must be PNG, JPEG or WebP." });
    expect(await storedFiles(world.dir)).toEqual(filesBefore);
    expect(await prisma.studioReference.count({ where: { userId: admin.user.id } })).toBe(0);
  });

  it("refuses a reference over 10 MB, and stores nothing", async () => {
    const admin = await adminApi(world);
    const filesBefore = await storedFiles(world.dir);
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(await pngOf(8, 8));
    const failure = await failureOf(admin.api.studio.upload({ content: big }));
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fields.content?.[0]).toMatch(/10 MB/);
    expect(await storedFiles(world.dir)).toEqual(filesBefore);
    expect(await prisma.studioReference.count({ where: { userId: admin.user.id } })).toBe(0);
  });

  it("refuses more than 4 references before calling anyone", async () => {
    const admin = await adminApi(world);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await admin.api.studio.upload({ content: await pngOf(8 + i, 8) })).id);
    const failure = await failsCleanly(admin, () =>
      admin.api.studio.generate({ prompt: "Too many", aspectRatio: "1:1", referenceImageIds: ids }),
    );
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fields.referenceImageIds?.[0]).toMatch(/at most 4/);
    expect(world.stub.imageRequests()).toEqual([]);
  });

  it("refuses the same reference twice", async () => {
    const admin = await adminApi(world);
    const ref = await admin.api.studio.upload({ content: await pngOf(8, 8) });
    const failure = await failsCleanly(admin, () =>
      admin.api.studio.generate({ prompt: "Twice", aspectRatio: "1:1", referenceImageIds: [ref.id, ref.id] }),
    );
    expect(failure.fields.referenceImageIds).toEqual(["Each reference image can be used once."]);
    expect(world.stub.imageRequests()).toEqual([]);
  });

  it("discards an admin's own references with their files, and ignores another admin's", async () => {
    const [alice, bob] = await Promise.all([adminApi(world), adminApi(world)]);
    const mine = await alice.api.studio.upload({ content: await pngOf(12, 12) });
    const bobs = await bob.api.studio.upload({ content: await pngOf(12, 12) });
    expect(await storedFiles(path.join(world.dir, alice.user.id))).toHaveLength(1);
    expect(await alice.api.studio.discardReferences({ ids: [mine.id, bobs.id] })).toEqual({ discarded: 1 });
    expect(await storedFiles(path.join(world.dir, alice.user.id))).toEqual([]);
    expect(await storedFiles(path.join(world.dir, bob.user.id))).toHaveLength(1);
    expect(await prisma.studioReference.count({ where: { id: { in: [mine.id, bobs.id] } } })).toBe(1);
    const gone = await failureOf(
      alice.api.studio.generate({ prompt: "x", aspectRatio: "1:1", referenceImageIds: [mine.id] }),
    );
    expect(gone.code).toBe("NOT_FOUND");
  });

  it("treats another admin's reference as not found", async () => {
    const [alice, bob] = await Promise.all([adminApi(world), adminApi(world)]);
    const bobs = await bob.api.studio.upload({ content: await pngOf(16, 16) });
    const mine = await alice.api.studio.upload({ content: await pngOf(16, 16) });
    const failure = await failsCleanly(alice, () =>
      alice.api.studio.generate({ prompt: "Borrowed", aspectRatio: "1:1", referenceImageIds: [mine.id, bobs.id] }),
    );
    expect(failure.code).toBe("NOT_FOUND");
    expect(world.stub.imageRequests()).toEqual([]);
    expect(await aiCallsOf(alice.user.id)).toEqual([]);
  });

  it("refuses an empty, blank or 4,001-character prompt, naming the prompt field", async () => {
    const admin = await adminApi(world);
    for (const prompt of ["", " \n\t ", "x".repeat(4_001)]) {
      const failure = await failsCleanly(admin, () => admin.api.studio.generate({ prompt, aspectRatio: "1:1" }));
      expect(failure.code, JSON.stringify(prompt.slice(0, 10))).toBe("BAD_REQUEST");
      expect(failure.fields.prompt?.[0]).toMatch(prompt.length > 4_000 ? /at most 4,000 characters/ : /Describe/);
    }
    expect(world.stub.imageRequests()).toEqual([]);
  });

  it("takes a prompt of exactly 4,000 characters", async () => {
    const admin = await adminApi(world);
    const prompt = "a".repeat(3_999) + "z";
    const made = await admin.api.studio.generate({ prompt, aspectRatio: "2:3" });
    expect(made.prompt).toBe(prompt);
    expect(imageRequests(world.stub)[0]?.prompt).toBe(prompt);
  });

  it("refuses an aspect ratio it does not offer, naming the field", async () => {
    const admin = await adminApi(world);
    const failure = await failsCleanly(admin, () =>
      admin.api.studio.generate({ prompt: "Wide", aspectRatio: "16:9" as "1:1" }),
    );
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fields.aspectRatio?.[0]).toBe("Choose an aspect ratio: 1:1, 3:2 or 2:3.");
    expect(world.stub.imageRequests()).toEqual([]);
  });
});

describe("studio.generate with an answer that is not a PNG", () => {
  it("stores and serves a JPEG as a JPEG (its key, type and download name agree)", async () => {
    const admin = await adminApi(world);
    const jpeg = await sharp({ create: { width: 96, height: 64, channels: 3, background: "#aa5500" } })
      .jpeg()
      .toBuffer();
    world.stub.scriptImages({ b64Json: jpeg.toString("base64") });
    const made = await admin.api.studio.generate({ prompt: "A JPEG please", aspectRatio: "3:2" });
    expect(made).toMatchObject({ contentType: "image/jpeg", width: 96, height: 64 });
    const row = await prisma.generation.findUniqueOrThrow({ where: { id: made.id }, select: { storageKey: true } });
    expect(row.storageKey).toMatch(/\.jpg$/);
    const full = await admin.api.studio.image({ id: made.id, variant: "full" });
    expect(full).toMatchObject({ contentType: "image/jpeg", fileName: `tradecraft-studio-${made.id}.jpg` });
    expect((await sharp(full.bytes).metadata()).format).toBe("jpeg");
  });
});

describe("studio.generate when the provider fails", () => {
  it("says the content policy refused a blocked prompt, and logs a refusal", async () => {
    const admin = await adminApi(world);
    world.stub.scriptImages(moderationBlocked(["violence"]));
    const failure = await failsCleanly(admin, () =>
      admin.api.studio.generate({ prompt: "Something the safety system refuses", aspectRatio: "1:1" }),
    );
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.message).toMatch(/content policy refused/);
    expect(failure.message).toMatch(/Nothing was saved/);
    await expectChargedThenRefunded(admin);
    expect(await aiCallsOf(admin.user.id)).toEqual([
      {
        feature: "studio",
        model: "gpt-image-1",
        images: 0,
        imageSize: "1024x1024",
        imageQuality: "medium",
        outcome: "refusal",
      },
    ]);
  });

  it("answers TOO_MANY_REQUESTS when the provider rate-limits us", async () => {
    const admin = await adminApi(world);
    world.stub.scriptImages({ error: { status: 429, message: "Rate limit reached for images" } });
    const failure = await failsCleanly(admin, () => admin.api.studio.generate({ prompt: "Busy", aspectRatio: "3:2" }));
    expect(failure.code).toBe("TOO_MANY_REQUESTS");
    expect(failure.message).toMatch(/rate-limiting/);
    await expectChargedThenRefunded(admin);
    expect(await aiCallsOf(admin.user.id)).toMatchObject([{ outcome: "error", images: 0, imageSize: "1536x1024" }]);
  });

  it("answers SERVICE_UNAVAILABLE when the provider fails with a 500", async () => {
    const admin = await adminApi(world);
    world.stub.scriptImages({ error: { status: 500, message: "The server had an error" } });
    const failure = await failsCleanly(admin, () => admin.api.studio.generate({ prompt: "Down", aspectRatio: "1:1" }));
    expect(failure.code).toBe("SERVICE_UNAVAILABLE");
    expect(failure.message).toMatch(/not answering properly/);
    await expectChargedThenRefunded(admin);
    expect(await aiCallsOf(admin.user.id)).toMatchObject([{ outcome: "error", images: 0, feature: "studio" }]);
  });

  it("gives up after imageTimeoutMs and says how many seconds it waited", async () => {
    const admin = await adminApi(world, { imageTimeoutMs: 1_500 });
    world.stub.scriptImages({ delayMs: 5_000 });
    const started = Date.now();
    const failure = await failsCleanly(admin, () => admin.api.studio.generate({ prompt: "Slow", aspectRatio: "1:1" }));
    expect(Date.now() - started).toBeLessThan(4_500);
    expect(failure.code).toBe("SERVICE_UNAVAILABLE");
    expect(failure.message).toMatch(/did not finish within 1\.5 seconds\./);
    await expectChargedThenRefunded(admin);
    expect(await aiCallsOf(admin.user.id)).toMatchObject([{ outcome: "timeout", images: 0 }]);
  });

  it("refuses an answer whose image cannot be read", async () => {
    const admin = await adminApi(world);
    world.stub.scriptImages({ b64Json: Buffer.from("these bytes are no PNG at all").toString("base64") });
    const failure = await failsCleanly(admin, () =>
      admin.api.studio.generate({ prompt: "Garbled", aspectRatio: "2:3" }),
    );
    expect(failure.code).toBe("SERVICE_UNAVAILABLE");
    expect(failure.message).toMatch(/not an image we can use/);
    await expectChargedThenRefunded(admin);
    expect(await aiCallsOf(admin.user.id)).toMatchObject([{ outcome: "invalid", images: 0, imageSize: "1024x1536" }]);
  });

  it("answers SERVICE_UNAVAILABLE when the provider hangs up", async () => {
    const admin = await adminApi(world);
    world.stub.scriptImages({ hangUp: true });
    const failure = await failsCleanly(admin, () => admin.api.studio.generate({ prompt: "Gone", aspectRatio: "1:1" }));
    expect(failure.code).toBe("SERVICE_UNAVAILABLE");
    await expectChargedThenRefunded(admin);
    expect(await aiCallsOf(admin.user.id)).toMatchObject([{ outcome: "error", images: 0 }]);
  });

  it("answers SERVICE_UNAVAILABLE on a server without an OpenAI key, and stores nothing", async () => {
    const admin = await adminApi(world, { apiKey: undefined });
    const failure = await failsCleanly(admin, () =>
      admin.api.studio.generate({ prompt: "No key", aspectRatio: "1:1" }),
    );
    expect(failure.code).toBe("SERVICE_UNAVAILABLE");
    expect(failure.message).toMatch(/OPENAI_API_KEY/);
    expect(world.stub.imageRequests()).toEqual([]);
  });
});

describe("studio.generate when storage fails", () => {
  it("removes the image already stored when its thumbnail cannot be, and gives the allowance back", async () => {
    const local = createStorage({ driver: "local", dir: world.dir });
    // The real local driver, with a full disk for WebP files only: the PNG goes in, the thumbnail fails.
    const storage: Storage = {
      ...local,
      put: (key, bytes, contentType) =>
        key.endsWith(".webp")
          ? Promise.reject(new Error("ENOSPC: no space left on device"))
          : local.put(key, bytes, contentType),
    };
    const admin = await adminApi(world, { storage });
    const failure = await failsCleanly(admin, () =>
      admin.api.studio.generate({ prompt: "Disk full", aspectRatio: "1:1" }),
    );
    // Storage is a dependency that failed: 503 with a message, never a 500.
    expect(failure.code).toBe("SERVICE_UNAVAILABLE");
    expect(failure.message).toMatch(/could not be stored/);
    await expectChargedThenRefunded(admin);
  });

  it("leaves nothing in an S3 bucket that refuses the upload", async () => {
    const { server: s3, storage } = await studioS3({ secretAccessKey: "not-the-secret" });
    try {
      const admin = await adminApi(world, { storage });
      await failsCleanly(admin, () => admin.api.studio.generate({ prompt: "Refused bucket", aspectRatio: "1:1" }));
      expect(s3.objects.size).toBe(0);
      await expectChargedThenRefunded(admin);
    } finally {
      await s3.stop();
    }
  });
});

describe("studio.generate limits", () => {
  it("refuses with PAYMENT_REQUIRED once today's 50 images are made, without calling the provider", async () => {
    const admin = await adminApi(world);
    await prisma.usageCounter.create({
      data: { userId: admin.user.id, kind: "studioImages", periodStart: periodStart(new Date(), "daily"), used: 50 },
    });
    const failure = await failsCleanly(admin, () =>
      admin.api.studio.generate({ prompt: "One more", aspectRatio: "1:1" }),
    );
    expect(failure.code).toBe("PAYMENT_REQUIRED");
    expect(failure.message).toMatch(/00:00 UTC/);
    expect(await usedToday(admin.user.id)).toBe(50);
    expect(world.stub.imageRequests()).toEqual([]);
    const listed = await admin.api.studio.list({});
    expect(listed.allowance).toMatchObject({ used: 50, limit: 50 });
  });

  it("counts the allowance per UTC day: yesterday's 50 images do not count today", async () => {
    const admin = await adminApi(world);
    const today = periodStart(new Date(), "daily");
    await prisma.usageCounter.create({
      data: {
        userId: admin.user.id,
        kind: "studioImages",
        periodStart: new Date(today.getTime() - 86_400_000),
        used: 50,
      },
    });
    expect(today.toISOString()).toMatch(/T00:00:00\.000Z$/);
    await admin.api.studio.generate({ prompt: "A new day", aspectRatio: "1:1" });
    expect(await usedToday(admin.user.id)).toBe(1);
  });

  it("lets only one of two simultaneous calls take the last image of the day", async () => {
    const admin = await adminApi(world);
    await prisma.usageCounter.create({
      data: { userId: admin.user.id, kind: "studioImages", periodStart: periodStart(new Date(), "daily"), used: 49 },
    });
    const results = await Promise.allSettled([
      admin.api.studio.generate({ prompt: "First to the line", aspectRatio: "1:1" }),
      admin.api.studio.generate({ prompt: "Second to the line", aspectRatio: "1:1" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected")!;
    expect((refused.reason as { code?: string }).code).toBe("PAYMENT_REQUIRED");
    expect(await usedToday(admin.user.id)).toBe(50);
    expect(world.stub.imageRequests()).toHaveLength(1);
    expect(await generationsOf(admin.user.id)).toHaveLength(1);
    expect(await storedFiles(path.join(world.dir, admin.user.id))).toHaveLength(2);
  });

  it("refuses the 11th image within a minute with TOO_MANY_REQUESTS and a Retry-After header", async () => {
    const admin = await adminApi(world);
    for (let i = 1; i <= 10; i++) await admin.api.studio.generate({ prompt: `Image ${i}`, aspectRatio: "1:1" });
    const filesBefore = await storedFiles(world.dir);
    const failure = await failureOf(admin.api.studio.generate({ prompt: "Image 11", aspectRatio: "1:1" }));
    expect(failure.code).toBe("TOO_MANY_REQUESTS");
    expect(Number(admin.ctx.responseHeaders.get("Retry-After"))).toBeGreaterThan(0);
    expect(Number(admin.ctx.responseHeaders.get("Retry-After"))).toBeLessThanOrEqual(60);
    expect(world.stub.imageRequests()).toHaveLength(10);
    expect(await generationsOf(admin.user.id)).toHaveLength(10);
    expect(await storedFiles(world.dir)).toEqual(filesBefore);
    expect(await usedToday(admin.user.id)).toBe(10);
  });
});

describe("who may use the Studio", () => {
  const paths = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith("studio."));
  const call = (api: Admin["api"], dotted: string, input: unknown) => {
    const fn = dotted.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], api) as (
      i: unknown,
    ) => Promise<unknown>;
    return fn(input);
  };
  const input = { id: "x", ids: ["x"], prompt: "p", aspectRatio: "1:1", editPrompt: "e", content: new Uint8Array(8) };

  it.each([
    ["a member on the admin app", { role: "MEMBER", app: "admin" }],
    ["an admin on the members' app", { role: "ADMIN", app: "web" }],
  ] as const)("refuses %s with FORBIDDEN on every studio procedure", async (_who, options) => {
    expect(paths).toEqual(
      expect.arrayContaining(["studio.generate", "studio.list", "studio.get", "studio.delete", "studio.edit"]),
    );
    const someone = await adminApi(world, options);
    for (const dotted of paths) {
      const failure = await failureOf(call(someone.api, dotted, input));
      expect(failure.code, dotted).toBe("FORBIDDEN");
    }
    expect(world.stub.imageRequests()).toEqual([]);
  });
});
