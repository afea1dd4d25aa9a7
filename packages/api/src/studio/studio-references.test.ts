// The daily clean-up of Studio reference images nobody used: on real PostgreSQL, the local
// storage driver on a temporary directory, the real SDK against the OpenAI stub.
import path from "node:path";
import { createLogger } from "@tradecraft/config";
import { describe, expect, it } from "vitest";
import { createStorage } from "../storage/index.ts";
import { adminApi, pngOf, prisma, setUpStudioWorld, storedFiles } from "./fixtures/studio-api.ts";
import { discardUnusedReferences, UNUSED_REFERENCE_MS } from "./studio.handler.ts";

const world = setUpStudioWorld("references");

const DAY = 24 * 60 * 60 * 1000;

async function uploadedAgo(api: Awaited<ReturnType<typeof adminApi>>["api"], ms: number) {
  const reference = await api.studio.upload({ content: await pngOf(24, 16) });
  await prisma.studioReference.update({ where: { id: reference.id }, data: { createdAt: new Date(Date.now() - ms) } });
  const { storageKey } = await prisma.studioReference.findUniqueOrThrow({
    where: { id: reference.id },
    select: { storageKey: true },
  });
  return { id: reference.id, file: path.relative(world.dir, path.join(world.dir, storageKey)) };
}

describe("discardUnusedReferences (daily maintenance)", () => {
  it("removes references older than a day that no generation names, rows and files; keeps used and recent ones", async () => {
    const admin = await adminApi(world);
    const other = await adminApi(world);
    const used = await uploadedAgo(admin.api, 2 * DAY);
    await admin.api.studio.generate({ prompt: "A chart", aspectRatio: "1:1", referenceImageIds: [used.id] });
    const unused = await uploadedAgo(admin.api, 2 * DAY);
    const othersUnused = await uploadedAgo(other.api, UNUSED_REFERENCE_MS + 60_000);
    const recent = await uploadedAgo(admin.api, UNUSED_REFERENCE_MS - 60_000);

    const storage = createStorage({ driver: "local", dir: world.dir });
    const removed = await discardUnusedReferences({ prisma, storage, logger: createLogger({ level: "silent" }) });

    expect(removed).toBeGreaterThanOrEqual(2);
    const left = await prisma.studioReference.findMany({
      where: { id: { in: [used.id, unused.id, othersUnused.id, recent.id] } },
      select: { id: true },
    });
    expect(left.map((r) => r.id).sort()).toEqual([used.id, recent.id].sort());
    const files = await storedFiles(world.dir);
    expect(files).toEqual(expect.arrayContaining([used.file, recent.file]));
    expect(files).not.toContain(unused.file);
    expect(files).not.toContain(othersUnused.file);

    // Nothing more to do on a second run.
    const again = await discardUnusedReferences({ prisma, storage, logger: createLogger({ level: "silent" }) });
    expect(again).toBe(0);
  });
});
