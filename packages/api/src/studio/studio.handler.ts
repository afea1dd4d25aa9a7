// The Studio (issue 17): an admin's image generations, each owned by that admin alone. Files go
// to storage before their row and are removed again when the row is not written, so a failure
// leaves neither a record nor a file behind.
import type { Logger } from "@tradecraft/config";
import type { Prisma, PrismaClient } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import type { MemberContext } from "../context.ts";
import { checkImageUpload, IMAGE_EXTENSIONS, type ImageContentType, makeThumbnail } from "../media/image.ts";
import { enforceRateLimits } from "../rate-limit.ts";
import { deleteStoredFiles, newStorageKey, type Storage, type StorageExtension } from "../storage/index.ts";
import { getUsageLimits } from "../usage/limits.ts";
import { consumeQuota, releaseQuota } from "../usage/quota.ts";
import { limitOf, periodEnd, periodStart } from "../usage/quota-math.ts";
import { makeImage, MAX_PROVIDER_PROMPT, type ImageRequest } from "./images.ts";
import {
  type AspectRatio,
  type EditInput,
  type GenerateInput,
  type ListInput,
  MAX_EDIT_DEPTH,
  SIZE_OF,
  type UploadInput,
} from "./studio.schema.ts";

const GENERATION = {
  id: true,
  prompt: true,
  editPrompt: true,
  aspectRatio: true,
  model: true,
  contentType: true,
  width: true,
  height: true,
  bytes: true,
  referenceImageIds: true,
  parentGenerationId: true,
  editCount: true,
  createdAt: true,
} as const satisfies Prisma.GenerationSelect;
type GenerationRow = Prisma.GenerationGetPayload<{ select: typeof GENERATION }>;

/** A generation as pages show it, with the admin app's URLs of its image, thumbnail and download. */
export function generationView(row: GenerationRow) {
  return {
    ...row,
    aspectRatio: row.aspectRatio as AspectRatio,
    imageUrl: `/studio/${row.id}/image`,
    thumbnailUrl: `/studio/${row.id}/thumbnail`,
    downloadUrl: `/studio/${row.id}/image?download=1`,
  };
}
export type GenerationView = ReturnType<typeof generationView>;

const notFound = () => new TRPCError({ code: "NOT_FOUND", message: "That image was not found." });

/** Stores a checked, metadata-free reference image for a later generate; returns its id. */
export async function uploadReference(ctx: MemberContext, input: UploadInput) {
  await enforceRateLimits(ctx, [["studioUploadUser", ctx.user.id]]);
  const image = await checkImageUpload(input.content);
  if (image.contentType === "image/gif") {
    throw new TRPCError({ code: "BAD_REQUEST", message: "Reference images must be PNG, JPEG or WebP." });
  }
  const storageKey = newStorageKey(ctx.user.id, IMAGE_EXTENSIONS[image.contentType] as StorageExtension);
  await ctx.storage.put(storageKey, image.bytes, image.contentType);
  try {
    return await ctx.prisma.studioReference.create({
      data: {
        userId: ctx.user.id,
        storageKey,
        contentType: image.contentType,
        width: image.width,
        height: image.height,
        bytes: image.bytes.byteLength,
        fileName: input.fileName ?? null,
      },
      select: { id: true, contentType: true, width: true, height: true, bytes: true, fileName: true },
    });
  } catch (error) {
    await deleteStoredFiles(ctx, [storageKey]);
    throw error;
  }
}

/** Removes the admin's reference images (a page's uploads whose generation then failed); others' ids are ignored. */
export async function discardReferences(ctx: MemberContext, ids: string[]) {
  const rows = await ctx.prisma.studioReference.findMany({
    where: { id: { in: ids }, userId: ctx.user.id },
    select: { id: true, storageKey: true },
  });
  if (rows.length === 0) return { discarded: 0 };
  await ctx.prisma.studioReference.deleteMany({ where: { id: { in: rows.map((r) => r.id) }, userId: ctx.user.id } });
  await deleteStoredFiles(
    ctx,
    rows.map((r) => r.storageKey),
  );
  return { discarded: rows.length };
}

/** How long an uploaded reference image that no generation names is kept. */
export const UNUSED_REFERENCE_MS = 24 * 60 * 60 * 1000;
/** References removed per run at most (the next day's run takes the rest). */
const UNUSED_REFERENCES_PER_RUN = 1_000;

/**
 * The daily maintenance's part for the Studio: reference images uploaded more than a day ago that
 * no generation names (a page closed before generating, or an API client that never generated)
 * are removed, rows first and then their files, so nothing is kept that nobody can see.
 */
export async function discardUnusedReferences(
  ctx: { prisma: PrismaClient; storage: Storage; logger: Logger },
  now = new Date(),
): Promise<number> {
  const cutoff = new Date(now.getTime() - UNUSED_REFERENCE_MS);
  const removed = await ctx.prisma.$queryRaw<{ storageKey: string }[]>`
    DELETE FROM "StudioReference" r
    WHERE r."id" IN (
      SELECT o."id" FROM "StudioReference" o
      WHERE o."createdAt" < ${cutoff}
        AND NOT EXISTS (SELECT 1 FROM "Generation" g WHERE g."userId" = o."userId" AND o."id" = ANY (g."referenceImageIds"))
      ORDER BY o."createdAt" LIMIT ${UNUSED_REFERENCES_PER_RUN})
    RETURNING r."storageKey"`;
  await deleteStoredFiles(
    ctx,
    removed.map((r) => r.storageKey),
  );
  return removed.length;
}

/** A new image from a prompt, with the admin's reference images (images.edit) or without (images.generate). */
export async function generate(ctx: MemberContext, input: GenerateInput): Promise<GenerationView> {
  const references = input.referenceImageIds.length
    ? await ctx.prisma.studioReference.findMany({
        where: { id: { in: input.referenceImageIds }, userId: ctx.user.id },
        select: { id: true, storageKey: true, contentType: true },
      })
    : [];
  if (references.length !== input.referenceImageIds.length) {
    throw new TRPCError({ code: "NOT_FOUND", message: "A reference image was not found. Upload it again." });
  }
  // In the order the admin gave them: the model reads the first image as the main one.
  const ordered = input.referenceImageIds.map((id) => references.find((r) => r.id === id)!);
  const images = await Promise.all(ordered.map((r) => readStored(ctx, r.storageKey, r.contentType)));
  return produce(
    ctx,
    { prompt: input.prompt, size: SIZE_OF[input.aspectRatio], images },
    {
      prompt: input.prompt,
      editPrompt: null,
      aspectRatio: input.aspectRatio,
      referenceImageIds: input.referenceImageIds,
      parentGenerationId: null,
      editCount: 0,
    },
  );
}

/** A new generation made by editing `id`'s image with `editPrompt`; the chain's prompts go along as context. */
export async function edit(ctx: MemberContext, input: EditInput): Promise<GenerationView> {
  const parent = await ctx.prisma.generation.findFirst({
    where: { id: input.id, userId: ctx.user.id },
    select: { ...GENERATION, storageKey: true },
  });
  if (!parent) throw notFound();
  if (parent.editCount >= MAX_EDIT_DEPTH) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `This image is already ${MAX_EDIT_DEPTH} edits deep, the most a chain can go. Start a new image from its prompt instead.`,
    });
  }
  const earlier = (await ancestorsOf(ctx, parent.id)).map((a) => a.editPrompt).filter((p): p is string => !!p);
  if (parent.editPrompt) earlier.push(parent.editPrompt);
  const image = await readStored(ctx, parent.storageKey, parent.contentType);
  return produce(
    ctx,
    {
      prompt: editContext(parent.prompt, earlier, input.editPrompt),
      size: SIZE_OF[parent.aspectRatio as AspectRatio],
      images: [image],
    },
    {
      prompt: parent.prompt,
      editPrompt: input.editPrompt,
      aspectRatio: parent.aspectRatio,
      referenceImageIds: [],
      parentGenerationId: parent.id,
      editCount: parent.editCount + 1,
    },
  );
}

/**
 * The prompt an edit sends: the original brief and the earlier edits as context, then the change
 * asked now. Earliest edits are left out first if the whole would pass the provider's limit.
 */
export function editContext(original: string, earlier: string[], change: string): string {
  const build = (edits: string[]) =>
    [
      `Edit the attached image. The change to make now: ${change}`,
      "",
      `Context: the image was first made from this brief: ${original}`,
      ...(edits.length ? ["Changes already made, in order:", ...edits.map((e, i) => `${i + 1}. ${e}`)] : []),
      "Keep everything else as it is.",
    ].join("\n");
  let edits = [...earlier];
  let text = build(edits);
  while (text.length > MAX_PROVIDER_PROMPT && edits.length) {
    edits = edits.slice(1);
    text = build(edits);
  }
  return text.slice(0, MAX_PROVIDER_PROMPT);
}

type NewGeneration = Pick<
  Prisma.GenerationUncheckedCreateInput,
  "prompt" | "editPrompt" | "aspectRatio" | "referenceImageIds" | "parentGenerationId" | "editCount"
>;

/** Rate limit, allowance, the model call, storage and the row: all or nothing. */
async function produce(ctx: MemberContext, request: ImageRequest, data: NewGeneration): Promise<GenerationView> {
  await enforceRateLimits(ctx, [["studioImageUser", ctx.user.id]]);
  const quotaUser = { ...ctx, user: { id: ctx.user.id, tier: ctx.user.tier } };
  await consumeQuota(quotaUser, { kind: "studioImages", units: 1 });
  const keys: string[] = [];
  try {
    const { image, recorded } = await makeImage(ctx, request);
    // The key's extension is the image's real type: the local driver serves a file by its extension,
    // and a provider may answer in JPEG or WebP rather than PNG.
    const storageKey = newStorageKey(ctx.user.id, IMAGE_EXTENSIONS[image.contentType] as StorageExtension);
    const thumbnailKey = newStorageKey(ctx.user.id, "webp");
    keys.push(storageKey, thumbnailKey);
    // The image's write, the thumbnail's making and writing, and the AiCall row all at once:
    // each file write waits for its flush to disk, so in a row they were most of our overhead.
    // Settled, not raced: a write still in flight when another fails would land after the clean-up.
    const outcomes = await Promise.allSettled([
      ctx.storage.put(storageKey, image.bytes, image.contentType),
      makeThumbnail(image.bytes).then((thumbnail) =>
        ctx.storage.put(thumbnailKey, thumbnail.bytes, thumbnail.contentType),
      ),
      recorded,
    ]);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failed) {
      if (failed.reason instanceof TRPCError) throw failed.reason;
      ctx.logger.error({ err: failed.reason, event: "studio.store_failed" }, "could not store a studio image");
      throw new TRPCError({
        code: "SERVICE_UNAVAILABLE",
        message: "The image was made but could not be stored. Nothing was saved; please try again.",
        cause: failed.reason,
      });
    }
    const row = await saveGeneration(ctx, {
      ...data,
      userId: ctx.user.id,
      model: ctx.ai.models.image.slice(0, 100),
      storageKey,
      thumbnailKey,
      contentType: image.contentType,
      width: image.width,
      height: image.height,
      bytes: image.bytes.byteLength,
    });
    ctx.logger.info(
      {
        event: data.parentGenerationId ? "studio.edited" : "studio.generated",
        generationId: row.id,
        parentGenerationId: data.parentGenerationId,
        editCount: row.editCount,
        bytes: row.bytes,
      },
      "studio image saved",
    );
    return generationView(row);
  } catch (error) {
    await deleteStoredFiles(ctx, keys);
    await releaseQuota(quotaUser, { kind: "studioImages", units: 1 });
    throw error;
  }
}

/** Deletions and edits of one admin's chains take turns on this lock (chains never cross admins). */
const lockChains = (tx: Prisma.TransactionClient, userId: string) =>
  tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`studio-chain:${userId}`}))`;

/**
 * Writes the row. An edit counts from its parent as it is now, not as it was when the edit began:
 * an image above may have been deleted during the model call (the chain is then one shorter), or
 * the parent itself (then there is nothing to attach the edit to).
 */
async function saveGeneration(ctx: MemberContext, data: Prisma.GenerationUncheckedCreateInput) {
  const parentId = data.parentGenerationId;
  if (!parentId) return ctx.prisma.generation.create({ data, select: GENERATION });
  return ctx.prisma.$transaction(async (tx) => {
    await lockChains(tx, ctx.user.id);
    const parent = await tx.generation.findFirst({
      where: { id: parentId, userId: ctx.user.id },
      select: { editCount: true },
    });
    if (!parent) {
      throw new TRPCError({
        code: "NOT_FOUND",
        message: "The image you were editing was deleted meanwhile. Nothing was saved.",
      });
    }
    return tx.generation.create({ data: { ...data, editCount: parent.editCount + 1 }, select: GENERATION });
  });
}

/** The admin's generations, newest first, a page at a time, with their total and today's allowance. */
export async function list(ctx: MemberContext, input: ListInput, now = new Date()) {
  // One round trip and one raw statement: through the query builder, the page, its count and the
  // allowance were three queries and ~8 ms of CPU per gallery view.
  const day = periodStart(now, "daily");
  const [result] = await ctx.prisma.$queryRaw<{ total: number; used: number; items: RawGeneration[] }[]>`
    SELECT
      (SELECT count(*)::int FROM "Generation" WHERE "userId" = ${ctx.user.id}) AS "total",
      (SELECT coalesce(max("used"), 0)::int FROM "UsageCounter"
        WHERE "userId" = ${ctx.user.id} AND "kind" = 'studioImages' AND "scope" = '' AND "periodStart" = ${day}::timestamptz) AS "used",
      (SELECT coalesce(json_agg(page ORDER BY page."createdAt" DESC, page."id" DESC), '[]'::json) FROM (
        SELECT "id", "prompt", "editPrompt", "aspectRatio", "model", "contentType", "width", "height", "bytes",
               "referenceImageIds", "parentGenerationId", "editCount", "createdAt"
        FROM "Generation" WHERE "userId" = ${ctx.user.id}
        ORDER BY "createdAt" DESC, "id" DESC
        LIMIT ${input.pageSize} OFFSET ${(input.page - 1) * input.pageSize}
      ) page) AS "items"`;
  const total = result?.total ?? 0;
  return {
    items: (result?.items ?? []).map((row) => generationView({ ...row, createdAt: new Date(row.createdAt) })),
    allowance: {
      used: result?.used ?? 0,
      limit: limitOf(getUsageLimits(), ctx.user.tier, "studioImages"),
      resetsAt: periodEnd(now, "daily"),
    },
    meta: {
      page: input.page,
      pageSize: input.pageSize,
      total,
      pageCount: Math.max(1, Math.ceil(total / input.pageSize)),
    },
  };
}

/** A generation row as PostgreSQL's json_agg gives it (timestamps as text). */
type RawGeneration = Omit<GenerationRow, "createdAt"> & { createdAt: string };

/** One generation with its chain: ancestors root first, and every later edit made from it (a tree, flattened). */
export async function get(ctx: MemberContext, id: string) {
  const row = await ctx.prisma.generation.findFirst({
    where: { id, userId: ctx.user.id },
    select: { ...GENERATION, user: { select: { id: true, displayName: true } } },
  });
  if (!row) throw notFound();
  const { user, ...generation } = row;
  const [ancestors, descendants] = await Promise.all([ancestorsOf(ctx, id), descendantsOf(ctx, id)]);
  return {
    generation: generationView(generation),
    createdBy: user,
    ancestors: ancestors.map(generationView),
    descendants: descendants.map(generationView),
  };
}

/**
 * Deletes a generation and its files. Its children are kept: they move to its parent (or become
 * the first of their own chain), and every later edit's editCount drops by one, so editCount
 * stays the number of images above it and a chain never breaks.
 */
export async function remove(ctx: MemberContext, id: string) {
  const removed = await ctx.prisma.$transaction(async (tx) => {
    // Deleting an image and its edit at once locked the same rows in opposite orders, and
    // PostgreSQL aborted one as a deadlock; an edit saved meanwhile would miss the renumbering.
    await lockChains(tx, ctx.user.id);
    const rows = await tx.$queryRaw<
      { id: string; parentGenerationId: string | null; storageKey: string; thumbnailKey: string }[]
    >`
      SELECT "id", "parentGenerationId", "storageKey", "thumbnailKey" FROM "Generation"
      WHERE "id" = ${id} AND "userId" = ${ctx.user.id} FOR UPDATE`;
    const row = rows[0];
    if (!row) throw notFound();
    await tx.$executeRaw`
      WITH RECURSIVE below AS (
        SELECT "id", 1 AS depth FROM "Generation" WHERE "parentGenerationId" = ${id}
        UNION ALL
        SELECT g."id", below.depth + 1 FROM "Generation" g JOIN below ON g."parentGenerationId" = below."id"
        WHERE below.depth < ${MAX_EDIT_DEPTH + 5}
      )
      UPDATE "Generation" SET "editCount" = GREATEST("editCount" - 1, 0) WHERE "id" IN (SELECT "id" FROM below)`;
    const moved = await tx.generation.updateMany({
      where: { parentGenerationId: id },
      data: { parentGenerationId: row.parentGenerationId },
    });
    await tx.generation.delete({ where: { id }, select: { id: true } });
    return { ...row, childrenMoved: moved.count };
  });
  // After the commit: a failed file removal leaves a file without a row (logged), never a row without its file.
  await deleteStoredFiles(ctx, [removed.storageKey, removed.thumbnailKey]);
  ctx.logger.info(
    { event: "studio.deleted", generationId: id, childrenMoved: removed.childrenMoved },
    "studio image deleted",
  );
  return { id, parentGenerationId: removed.parentGenerationId, childrenMoved: removed.childrenMoved };
}

/** The bytes of a generation's image or thumbnail, for its owner only. */
export async function readImage(ctx: MemberContext, input: { id: string; variant: "full" | "thumbnail" }) {
  const row = await ctx.prisma.generation.findFirst({
    where: { id: input.id, userId: ctx.user.id },
    select: { storageKey: true, thumbnailKey: true },
  });
  if (!row) throw notFound();
  const stored = await ctx.storage.get(input.variant === "full" ? row.storageKey : row.thumbnailKey);
  if (!stored) throw notFound();
  const ext = IMAGE_EXTENSIONS[stored.contentType as ImageContentType] ?? "png";
  return {
    bytes: stored.bytes,
    contentType: stored.contentType,
    fileName: `tradecraft-studio-${input.id}${input.variant === "thumbnail" ? "-thumbnail" : ""}.${ext}`,
  };
}

async function ancestorsOf(ctx: MemberContext, id: string): Promise<GenerationRow[]> {
  const ids = await ctx.prisma.$queryRaw<{ id: string; depth: number }[]>`
    WITH RECURSIVE above AS (
      SELECT "id", "parentGenerationId", 0 AS depth FROM "Generation" WHERE "id" = ${id} AND "userId" = ${ctx.user.id}
      UNION ALL
      SELECT g."id", g."parentGenerationId", above.depth + 1 FROM "Generation" g
      JOIN above ON g."id" = above."parentGenerationId"
      WHERE g."userId" = ${ctx.user.id} AND above.depth < ${MAX_EDIT_DEPTH + 5}
    )
    SELECT "id", depth FROM above WHERE depth > 0`;
  return rowsInOrder(
    ctx,
    ids.sort((a, b) => b.depth - a.depth).map((r) => r.id),
  );
}

/** Later edits made from `id`, at most 500, in the order they were made (parents before children). */
async function descendantsOf(ctx: MemberContext, id: string): Promise<GenerationRow[]> {
  const ids = await ctx.prisma.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE below AS (
      SELECT "id", 0 AS depth FROM "Generation" WHERE "id" = ${id} AND "userId" = ${ctx.user.id}
      UNION ALL
      SELECT g."id", below.depth + 1 FROM "Generation" g JOIN below ON g."parentGenerationId" = below."id"
      WHERE g."userId" = ${ctx.user.id} AND below.depth < ${MAX_EDIT_DEPTH + 5}
    )
    SELECT "id" FROM below WHERE depth > 0 LIMIT 500`;
  const rows = await rowsInOrder(
    ctx,
    ids.map((r) => r.id),
  );
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}

async function rowsInOrder(ctx: MemberContext, ids: string[]): Promise<GenerationRow[]> {
  if (ids.length === 0) return [];
  const rows = await ctx.prisma.generation.findMany({
    where: { id: { in: ids }, userId: ctx.user.id },
    select: GENERATION,
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((i) => byId.get(i)).filter((r): r is GenerationRow => !!r);
}

async function readStored(ctx: MemberContext, key: string, contentType: string) {
  const stored = await ctx.storage.get(key);
  if (!stored) {
    ctx.logger.error({ event: "studio.file_missing", storageKey: key }, "a studio image's file is missing");
    throw new TRPCError({ code: "NOT_FOUND", message: "That image's file is missing from storage." });
  }
  return { bytes: stored.bytes, contentType };
}

/** Storage keys of every Studio file of the signed-in user (images, thumbnails, references), for account deletion. */
export async function studioKeysOf(ctx: MemberContext): Promise<string[]> {
  const [generations, references] = await Promise.all([
    ctx.prisma.generation.findMany({
      where: { userId: ctx.user.id },
      select: { storageKey: true, thumbnailKey: true },
    }),
    ctx.prisma.studioReference.findMany({ where: { userId: ctx.user.id }, select: { storageKey: true } }),
  ]);
  return [...generations.flatMap((g) => [g.storageKey, g.thumbnailKey]), ...references.map((r) => r.storageKey)];
}
