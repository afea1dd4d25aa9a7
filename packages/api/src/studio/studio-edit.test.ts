// studio.edit and studio.image through the real router: what the provider receives (the parent's
// stored bytes, the chain's prompts), the depth limit, ownership, and failures that leave nothing
// behind, including a parent deleted while its edit is being made.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  type Admin,
  adminApi,
  aiCallsOf,
  failureOf,
  generationsOf,
  imageRequests,
  prisma,
  sha16,
  storedFiles,
  storedSha,
  setUpStudioWorld,
  usedToday,
} from "./fixtures/studio-api.ts";
import { editContext } from "./studio.handler.ts";
import { MAX_PROVIDER_PROMPT } from "./images.ts";

const world = setUpStudioWorld("edit");

const storageKeyOf = async (id: string) =>
  (await prisma.generation.findUniqueOrThrow({ where: { id }, select: { storageKey: true } })).storageKey;

/** Runs an edit that must fail and checks it left nothing: the admin's rows, files and allowance as before. */
async function failsCleanly(admin: Admin, call: () => Promise<unknown>) {
  const [rowsBefore, filesBefore, usedBefore] = await Promise.all([
    generationsOf(admin.user.id),
    storedFiles(world.dir),
    usedToday(admin.user.id),
  ]);
  const failure = await failureOf(call());
  expect(await generationsOf(admin.user.id)).toEqual(rowsBefore);
  expect(await storedFiles(world.dir)).toEqual(filesBefore);
  expect(await usedToday(admin.user.id)).toBe(usedBefore);
  return failure;
}

describe("studio.edit", () => {
  it("sends the parent's stored image and the whole chain's prompts to images.edit", async () => {
    const admin = await adminApi(world);
    const root = await admin.api.studio.generate({ prompt: "A quiet trading desk at dawn", aspectRatio: "2:3" });
    const edit1 = await admin.api.studio.edit({ id: root.id, editPrompt: "Add a second monitor" });
    world.stub.reset();
    const edit2 = await admin.api.studio.edit({ id: edit1.id, editPrompt: "  Make the screens green  " });

    const [request, ...more] = imageRequests(world.stub);
    expect(more).toEqual([]);
    expect(request).toMatchObject({ endpoint: "edits", size: "1024x1536", model: "gpt-image-1", quality: "medium" });
    expect(request!.inputs).toHaveLength(1);
    const parentFile = await readFile(path.join(world.dir, await storageKeyOf(edit1.id)));
    expect(request!.inputs[0]).toMatchObject({
      field: "image",
      contentType: "image/png",
      bytes: parentFile.byteLength,
      sha256: sha16(parentFile),
    });
    const prompt = request!.prompt!;
    expect(prompt).toContain("A quiet trading desk at dawn");
    expect(prompt).toContain("1. Add a second monitor");
    expect(prompt).toContain("Make the screens green");
    expect(prompt.indexOf("Make the screens green")).toBeLessThan(prompt.indexOf("A quiet trading desk"));

    expect(edit2).toMatchObject({
      prompt: "A quiet trading desk at dawn",
      editPrompt: "Make the screens green",
      parentGenerationId: edit1.id,
      editCount: 2,
      aspectRatio: "2:3",
      referenceImageIds: [],
      width: 64,
      height: 96,
    });
    const row = await prisma.generation.findUniqueOrThrow({
      where: { id: edit2.id },
      select: { editPrompt: true, prompt: true, parentGenerationId: true, editCount: true },
    });
    expect(row).toEqual({
      prompt: "A quiet trading desk at dawn",
      editPrompt: "Make the screens green",
      parentGenerationId: edit1.id,
      editCount: 2,
    });
    expect(await usedToday(admin.user.id)).toBe(3);
    expect(await aiCallsOf(admin.user.id)).toEqual(
      Array.from({ length: 3 }, () => ({
        feature: "studio",
        model: "gpt-image-1",
        images: 1,
        imageSize: "1024x1536",
        imageQuality: "medium",
        outcome: "ok",
      })),
    );
  });

  it("refuses to edit an image already 20 edits deep, without calling the provider", async () => {
    const admin = await adminApi(world);
    const deep = await admin.api.studio.generate({ prompt: "Deep", aspectRatio: "1:1" });
    await prisma.generation.update({ where: { id: deep.id }, data: { editCount: 20 } });
    world.stub.reset();
    const failure = await failsCleanly(admin, () => admin.api.studio.edit({ id: deep.id, editPrompt: "One more" }));
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.message).toMatch(/already 20 edits deep/);
    expect(world.stub.imageRequests()).toEqual([]);
  });

  it("allows the 20th edit (from an image 19 deep)", async () => {
    const admin = await adminApi(world);
    const almost = await admin.api.studio.generate({ prompt: "Almost", aspectRatio: "1:1" });
    await prisma.generation.update({ where: { id: almost.id }, data: { editCount: 19 } });
    const last = await admin.api.studio.edit({ id: almost.id, editPrompt: "The last one" });
    expect(last).toMatchObject({ editCount: 20, parentGenerationId: almost.id });
    expect((await failureOf(admin.api.studio.edit({ id: last.id, editPrompt: "Too far" }))).code).toBe("BAD_REQUEST");
  });

  it("is NOT_FOUND for another admin's generation", async () => {
    const [owner, other] = await Promise.all([adminApi(world), adminApi(world)]);
    const mine = await owner.api.studio.generate({ prompt: "Not yours", aspectRatio: "1:1" });
    world.stub.reset();
    const failure = await failsCleanly(other, () => other.api.studio.edit({ id: mine.id, editPrompt: "Steal" }));
    expect(failure).toMatchObject({ code: "NOT_FOUND", message: "That image was not found." });
    expect(world.stub.imageRequests()).toEqual([]);
    expect(await usedToday(other.user.id)).toBe(0);
  });

  it("refuses an empty or blank edit prompt, naming the field", async () => {
    const admin = await adminApi(world);
    const made = await admin.api.studio.generate({ prompt: "Base", aspectRatio: "1:1" });
    world.stub.reset();
    for (const editPrompt of ["", "   \n"]) {
      const failure = await failsCleanly(admin, () => admin.api.studio.edit({ id: made.id, editPrompt }));
      expect(failure.code).toBe("BAD_REQUEST");
      expect(failure.fields.editPrompt).toEqual(["Describe the change you want."]);
    }
    const long = await failureOf(admin.api.studio.edit({ id: made.id, editPrompt: "y".repeat(4_001) }));
    expect(long.fields.editPrompt?.[0]).toMatch(/at most 4,000/);
    expect(world.stub.imageRequests()).toEqual([]);
  });

  it("stores nothing when the provider fails, and gives the allowance back", async () => {
    const admin = await adminApi(world);
    const made = await admin.api.studio.generate({ prompt: "Stable", aspectRatio: "3:2" });
    world.stub.scriptImages({ error: { status: 500, message: "The server had an error" } });
    const failure = await failsCleanly(admin, () => admin.api.studio.edit({ id: made.id, editPrompt: "Break" }));
    expect(failure.code).toBe("SERVICE_UNAVAILABLE");
    expect(await usedToday(admin.user.id)).toBe(1);
    expect((await aiCallsOf(admin.user.id)).map((c) => [c.outcome, c.images, c.imageSize])).toEqual([
      ["ok", 1, "1536x1024"],
      ["error", 0, "1536x1024"],
    ]);
  });

  it("is NOT_FOUND, and leaves no file, when the parent is deleted while the edit is being made", async () => {
    const admin = await adminApi(world);
    const parent = await admin.api.studio.generate({ prompt: "Short-lived", aspectRatio: "1:1" });
    world.stub.reset();
    world.stub.scriptImages({ delayMs: 1_000 });
    const editing = failureOf(admin.api.studio.edit({ id: parent.id, editPrompt: "Too late" }));
    await world.stub.waitForImageRequests(1, 5_000);
    await admin.api.studio.delete({ id: parent.id });

    const failure = await editing;
    expect(failure.code).toBe("NOT_FOUND");
    expect(failure.message).toMatch(/deleted meanwhile/);
    expect(await generationsOf(admin.user.id)).toEqual([]);
    expect(await storedFiles(path.join(world.dir, admin.user.id))).toEqual([]);
    expect(await usedToday(admin.user.id)).toBe(1); // the parent's image; the edit's was given back
  });

  it("counts from the chain as it is when the edit is saved, if an image above was deleted meanwhile", async () => {
    const admin = await adminApi(world);
    const root = await admin.api.studio.generate({ prompt: "Three steps", aspectRatio: "1:1" });
    const edit1 = await admin.api.studio.edit({ id: root.id, editPrompt: "Step one" });
    world.stub.reset();
    world.stub.scriptImages({ delayMs: 1_000 });
    const editing = admin.api.studio.edit({ id: edit1.id, editPrompt: "Step two" });
    await world.stub.waitForImageRequests(1, 5_000);
    await admin.api.studio.delete({ id: root.id });

    const edit2 = await editing;
    // edit1 is now the first of its chain (0), so its new edit is one below it.
    expect(edit2).toMatchObject({ parentGenerationId: edit1.id, editCount: 1 });
    const rows = await prisma.generation.findMany({
      where: { id: { in: [edit1.id, edit2.id] } },
      orderBy: { editCount: "asc" },
      select: { id: true, parentGenerationId: true, editCount: true },
    });
    expect(rows).toEqual([
      { id: edit1.id, parentGenerationId: null, editCount: 0 },
      { id: edit2.id, parentGenerationId: edit1.id, editCount: 1 },
    ]);
  });
});

describe("studio.image", () => {
  it("returns the stored image and thumbnail to their owner, NOT_FOUND to anyone else", async () => {
    const [owner, other] = await Promise.all([adminApi(world), adminApi(world)]);
    const made = await owner.api.studio.generate({ prompt: "Download me", aspectRatio: "3:2" });
    const row = await prisma.generation.findUniqueOrThrow({
      where: { id: made.id },
      select: { storageKey: true, thumbnailKey: true },
    });

    const full = await owner.api.studio.image({ id: made.id, variant: "full" });
    expect(full).toMatchObject({ contentType: "image/png", fileName: `tradecraft-studio-${made.id}.png` });
    expect(sha16(full.bytes)).toBe(await storedSha(world.dir, row.storageKey));
    const byDefault = await owner.api.studio.image({ id: made.id });
    expect(sha16(byDefault.bytes)).toBe(sha16(full.bytes));
    const thumbnail = await owner.api.studio.image({ id: made.id, variant: "thumbnail" });
    expect(thumbnail).toMatchObject({
      contentType: "image/webp",
      fileName: `tradecraft-studio-${made.id}-thumbnail.webp`,
    });
    expect(sha16(thumbnail.bytes)).toBe(await storedSha(world.dir, row.thumbnailKey));

    for (const variant of ["full", "thumbnail"] as const) {
      const failure = await failureOf(other.api.studio.image({ id: made.id, variant }));
      expect(failure.code).toBe("NOT_FOUND");
    }
    expect((await failureOf(owner.api.studio.image({ id: made.id, variant: "raw" as "full" }))).code).toBe(
      "BAD_REQUEST",
    );
  });
});

describe("editContext", () => {
  it("puts the change first, then the brief and earlier edits in order", () => {
    expect(editContext("A chart", ["Red candles", "Dark theme"], "Add a title")).toBe(
      [
        "Edit the attached image. The change to make now: Add a title",
        "",
        "Context: the image was first made from this brief: A chart",
        "Changes already made, in order:",
        "1. Red candles",
        "2. Dark theme",
        "Keep everything else as it is.",
      ].join("\n"),
    );
  });

  it("drops the earliest edits first to stay within the provider's prompt limit", () => {
    const earlier = Array.from({ length: 20 }, (_, i) => `edit ${String(i).padStart(2, "0")} ${"x".repeat(3_990)}`);
    const text = editContext("brief", earlier, "now");
    expect(text.length).toBeLessThanOrEqual(MAX_PROVIDER_PROMPT);
    expect(text).toContain("edit 19");
    expect(text).not.toContain("edit 00");
    expect(text).toContain("The change to make now: now");
  });
});
