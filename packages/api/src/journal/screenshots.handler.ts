import { TRPCError } from "@trpc/server";
import { checkImageUpload, IMAGE_EXTENSIONS } from "../media/image.ts";
import { deleteStoredFiles, newStorageKey, type StorageExtension } from "../storage/index.ts";

export { deleteStoredFiles };
import type { MemberContext } from "./accounts.handler.ts";
import { type AddScreenshotInput, MAX_SCREENSHOTS_PER_TRADE } from "./screenshots.schema.ts";

const SCREENSHOT = {
  id: true,
  tradeId: true,
  contentType: true,
  byteSize: true,
  width: true,
  height: true,
  fileName: true,
  caption: true,
  createdAt: true,
} as const;
const notFound = () => new TRPCError({ code: "NOT_FOUND", message: "That screenshot was not found." });
const tradeNotFound = () => new TRPCError({ code: "NOT_FOUND", message: "That trade was not found." });

async function requireTrade(ctx: MemberContext, tradeId: string) {
  const trade = await ctx.prisma.trade.findFirst({ where: { id: tradeId, userId: ctx.user.id }, select: { id: true } });
  if (!trade) throw tradeNotFound();
  return trade;
}

/** Stores a checked, metadata-free copy of the image and records it on the member's trade (at most 20 a trade). */
export async function addScreenshot(ctx: MemberContext, input: AddScreenshotInput) {
  await requireTrade(ctx, input.tradeId);
  const full = `A trade can have at most ${MAX_SCREENSHOTS_PER_TRADE} screenshots. Delete one to add another.`;
  // Checked before the upload too, so a member at the limit is told without us storing anything.
  if ((await ctx.prisma.tradeScreenshot.count({ where: { tradeId: input.tradeId } })) >= MAX_SCREENSHOTS_PER_TRADE) {
    throw new TRPCError({ code: "BAD_REQUEST", message: full });
  }
  const image = await checkImageUpload(input.content);
  const storageKey = newStorageKey(ctx.user.id, IMAGE_EXTENSIONS[image.contentType] as StorageExtension);
  // The file goes first, outside the transaction (no row lock held during I/O); if the row is not
  // written, the file is removed again, so nothing is half-written either way.
  await ctx.storage.put(storageKey, image.bytes, image.contentType);
  try {
    const screenshot = await ctx.prisma.$transaction(async (tx) => {
      // Locking the trade row serialises concurrent uploads to one trade, so the limit holds.
      const locked = await tx.$queryRaw<
        { id: string }[]
      >`SELECT "id" FROM "Trade" WHERE "id" = ${input.tradeId} AND "userId" = ${ctx.user.id} FOR UPDATE`;
      if (locked.length === 0) throw tradeNotFound();
      if ((await tx.tradeScreenshot.count({ where: { tradeId: input.tradeId } })) >= MAX_SCREENSHOTS_PER_TRADE) {
        throw new TRPCError({ code: "BAD_REQUEST", message: full });
      }
      return tx.tradeScreenshot.create({
        data: {
          userId: ctx.user.id,
          tradeId: input.tradeId,
          storageKey,
          contentType: image.contentType,
          byteSize: image.bytes.byteLength,
          width: image.width,
          height: image.height,
          fileName: input.fileName,
          caption: input.caption,
        },
        select: SCREENSHOT,
      });
    });
    ctx.logger.info(
      {
        event: "screenshot.added",
        screenshotId: screenshot.id,
        tradeId: input.tradeId,
        bytes: screenshot.byteSize,
        contentType: screenshot.contentType,
      },
      "screenshot added",
    );
    return screenshot;
  } catch (error) {
    await deleteStoredFiles(ctx, [storageKey]);
    throw error;
  }
}

/** The screenshots of one of the member's trades, oldest first. */
export async function listScreenshots(ctx: MemberContext, tradeId: string) {
  await requireTrade(ctx, tradeId);
  return ctx.prisma.tradeScreenshot.findMany({
    where: { tradeId, userId: ctx.user.id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: SCREENSHOT,
  });
}

/** Deletes one of the member's screenshots, its row first and then its file. */
export async function deleteScreenshot(ctx: MemberContext, screenshotId: string) {
  const screenshot = await ctx.prisma.tradeScreenshot.findFirst({
    where: { id: screenshotId, userId: ctx.user.id },
    select: { id: true, tradeId: true, storageKey: true },
  });
  if (!screenshot) throw notFound();
  const { count } = await ctx.prisma.tradeScreenshot.deleteMany({ where: { id: screenshot.id, userId: ctx.user.id } });
  if (!count) throw notFound();
  await deleteStoredFiles(ctx, [screenshot.storageKey]);
  return { deleted: true as const, tradeId: screenshot.tradeId };
}

/** The image's bytes and sniffed type, for its owner only (the serving route). */
export async function readScreenshot(ctx: MemberContext, input: { screenshotId: string; tradeId?: string }) {
  const screenshot = await ctx.prisma.tradeScreenshot.findFirst({
    where: { id: input.screenshotId, userId: ctx.user.id, ...(input.tradeId ? { tradeId: input.tradeId } : {}) },
    select: { storageKey: true, contentType: true, fileName: true },
  });
  if (!screenshot) throw notFound();
  const stored = await ctx.storage.get(screenshot.storageKey);
  if (!stored) {
    ctx.logger.warn(
      { event: "screenshot.file_missing", screenshotId: input.screenshotId },
      "a screenshot's file is missing from storage",
    );
    throw notFound();
  }
  return { bytes: stored.bytes, contentType: screenshot.contentType, fileName: screenshot.fileName };
}

/**
 * The storage keys of the member's screenshots on a trade, on a broker account's trades, or on
 * all their trades (read before deleting them; pass `db` to read inside a transaction).
 */
export async function screenshotKeysOf(
  ctx: MemberContext,
  where: { tradeId?: string; tradeIds?: string[]; accountId?: string },
  db: Pick<MemberContext["prisma"], "tradeScreenshot"> = ctx.prisma,
) {
  const rows = await db.tradeScreenshot.findMany({
    where: {
      userId: ctx.user.id,
      ...(where.tradeId ? { tradeId: where.tradeId } : {}),
      ...(where.tradeIds ? { tradeId: { in: where.tradeIds } } : {}),
      ...(where.accountId ? { trade: { accountId: where.accountId } } : {}),
    },
    select: { storageKey: true },
  });
  return rows.map((r) => r.storageKey);
}
