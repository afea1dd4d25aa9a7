// watchlists.create|rename|delete|reorder and addItem|removeItem: the member's lists and their
// symbols, every id checked against its owner (someone else's list or item is "not found").
import { Prisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import type { SessionUser } from "../auth/session.service.ts";
import type { Context } from "../context.ts";
import { requireKnownSymbol } from "../market/known-symbol.ts";
import { fieldError } from "../trpc.ts";
import { MAX_SYMBOLS_PER_LIST, MAX_WATCHLISTS, orderProblem } from "./limits.ts";
import type { AddItemInput, CreateWatchlistInput, RenameWatchlistInput, ReorderInput } from "./schemas.ts";

export type MemberContext = Context & { user: SessionUser };

const WATCHLIST = { id: true, name: true, position: true } as const;
const ITEM = { id: true, watchlistId: true, symbol: true, position: true } as const;

const NAME_TAKEN = "You already have a watchlist with this name.";
const taken = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
const listNotFound = () => new TRPCError({ code: "NOT_FOUND", message: "That watchlist was not found." });

/** Locks one of the member's lists until the transaction ends; someone else's is not found. */
async function lockWatchlist(tx: Prisma.TransactionClient, ctx: MemberContext, watchlistId: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Watchlist" WHERE "id" = ${watchlistId} AND "userId" = ${ctx.user.id} FOR UPDATE`;
  if (!rows.length) throw listNotFound();
}

/** One of the member's lists, or NOT_FOUND. */
export async function requireWatchlist(ctx: MemberContext, watchlistId: string) {
  const list = await ctx.prisma.watchlist.findFirst({
    where: { id: watchlistId, userId: ctx.user.id },
    select: WATCHLIST,
  });
  if (!list) throw listNotFound();
  return list;
}

/** A new list at the end of the member's lists; refused past MAX_WATCHLISTS or with a name in use. */
export async function createWatchlist(ctx: MemberContext, input: CreateWatchlistInput) {
  try {
    return await ctx.prisma.$transaction(async (tx) => {
      // The member's row is the lock: two tabs creating the 20th list at once cannot both pass the count.
      await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${ctx.user.id} FOR UPDATE`;
      const existing = await tx.watchlist.aggregate({
        where: { userId: ctx.user.id },
        _count: { _all: true },
        _max: { position: true },
      });
      if (existing._count._all >= MAX_WATCHLISTS)
        throw fieldError("name", `You can keep at most ${MAX_WATCHLISTS} watchlists. Delete one to make room.`);
      return tx.watchlist.create({
        data: { userId: ctx.user.id, name: input.name, position: (existing._max.position ?? -1) + 1 },
        select: WATCHLIST,
      });
    });
  } catch (error) {
    if (taken(error)) throw fieldError("name", NAME_TAKEN);
    throw error;
  }
}

/** Renames one of the member's lists. */
export async function renameWatchlist(ctx: MemberContext, { watchlistId, name }: RenameWatchlistInput) {
  let count: number;
  try {
    ({ count } = await ctx.prisma.watchlist.updateMany({
      where: { id: watchlistId, userId: ctx.user.id },
      data: { name },
    }));
  } catch (error) {
    if (taken(error)) throw fieldError("name", NAME_TAKEN);
    throw error;
  }
  if (!count) throw listNotFound();
  return requireWatchlist(ctx, watchlistId);
}

/** Deletes one of the member's lists with its symbols. */
export async function deleteWatchlist(ctx: MemberContext, watchlistId: string) {
  const { count } = await ctx.prisma.watchlist.deleteMany({ where: { id: watchlistId, userId: ctx.user.id } });
  if (!count) throw listNotFound();
  return { deleted: true as const };
}

/**
 * Adds a symbol at the end of one of the member's lists, once the market service knows it (an
 * unknown one is a field error with suggestions). Refused when the list is full or holds it already.
 */
export async function addItem(ctx: MemberContext, { watchlistId, symbol }: AddItemInput) {
  await requireWatchlist(ctx, watchlistId);
  const duplicate = () => fieldError("symbol", `${symbol} is already on this list.`);
  if (await ctx.prisma.watchlistItem.count({ where: { watchlistId, symbol } })) throw duplicate();
  await requireKnownSymbol(ctx, symbol);
  try {
    return await ctx.prisma.$transaction(async (tx) => {
      await lockWatchlist(tx, ctx, watchlistId);
      const existing = await tx.watchlistItem.aggregate({
        where: { watchlistId },
        _count: { _all: true },
        _max: { position: true },
      });
      if (existing._count._all >= MAX_SYMBOLS_PER_LIST)
        throw fieldError(
          "symbol",
          `A watchlist holds at most ${MAX_SYMBOLS_PER_LIST} symbols. Remove one or start another list.`,
        );
      return tx.watchlistItem.create({
        data: { watchlistId, symbol, position: (existing._max.position ?? -1) + 1 },
        select: ITEM,
      });
    });
  } catch (error) {
    if (taken(error)) throw duplicate();
    throw error;
  }
}

/** Removes a symbol from one of the member's lists; someone else's item is not found. */
export async function removeItem(ctx: MemberContext, itemId: string) {
  const { count } = await ctx.prisma.watchlistItem.deleteMany({
    where: { id: itemId, watchlist: { userId: ctx.user.id } },
  });
  if (!count) throw new TRPCError({ code: "NOT_FOUND", message: "That symbol was not found on your watchlists." });
  return { deleted: true as const };
}

/**
 * Puts the member's lists (or, with `watchlistId`, that list's symbols) in the given order, which
 * must name every one of them exactly once.
 */
export async function reorder(ctx: MemberContext, { watchlistId, ids }: ReorderInput) {
  await ctx.prisma.$transaction(async (tx) => {
    if (watchlistId) {
      await lockWatchlist(tx, ctx, watchlistId);
      const held = await tx.watchlistItem.findMany({ where: { watchlistId }, select: { id: true } });
      const problem = orderProblem(
        ids,
        held.map((i) => i.id),
        "symbols",
      );
      if (problem) throw fieldError("ids", problem);
      for (const [position, id] of ids.entries())
        await tx.watchlistItem.update({ where: { id }, data: { position }, select: { id: true } });
    } else {
      await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${ctx.user.id} FOR UPDATE`;
      const held = await tx.watchlist.findMany({ where: { userId: ctx.user.id }, select: { id: true } });
      const problem = orderProblem(
        ids,
        held.map((l) => l.id),
        "lists",
      );
      if (problem) throw fieldError("ids", problem);
      for (const [position, id] of ids.entries())
        await tx.watchlist.update({ where: { id }, data: { position }, select: { id: true } });
    }
  });
  return { reordered: true as const };
}
