import { Prisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import type { z } from "zod";
import type { SessionUser } from "../auth/session.service.ts";
import type { Context } from "../context.ts";
import { fieldError } from "../trpc.ts";
import type {
  AccountInputSchema,
  SetupInputSchema,
  UpdateAccountInputSchema,
  UpdateSetupInputSchema,
} from "./schemas.ts";
import { deleteStoredFiles, screenshotKeysOf } from "./screenshots.handler.ts";

export type MemberContext = Context & { user: SessionUser };

const ACCOUNT = { id: true, name: true, broker: true, currency: true, startingBalance: true, createdAt: true } as const;
const toAccount = (a: Prisma.BrokerAccountGetPayload<{ select: typeof ACCOUNT }>) => ({
  ...a,
  startingBalance: a.startingBalance?.toString() ?? null,
});

const taken = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/** One of the member's accounts, or "not found" (someone else's account is not found either). */
export async function requireAccount(ctx: MemberContext, accountId: string) {
  const account = await ctx.prisma.brokerAccount.findFirst({
    where: { id: accountId, userId: ctx.user.id },
    select: ACCOUNT,
  });
  if (!account) throw new TRPCError({ code: "NOT_FOUND", message: "That account was not found." });
  return account;
}

/** The member's accounts by name, each with how many trades it holds. */
/** The member's accounts by name, each with its number of trades (null when not asked for: forms and filters need only names). */
export async function listAccounts(
  ctx: MemberContext,
  { tradeCounts: withCounts = true }: { tradeCounts?: boolean } = {},
) {
  const [rows, counts] = await Promise.all([
    ctx.prisma.brokerAccount.findMany({ where: { userId: ctx.user.id }, select: ACCOUNT, orderBy: { name: "asc" } }),
    withCounts ? tradeCounts(ctx, "accountId") : null,
  ]);
  return rows.map((a) => ({ ...toAccount(a), tradeCount: counts ? (counts.get(a.id) ?? 0) : null }));
}

/**
 * The member's trades counted per account or setup, through the member's own index. (Prisma's
 * relation `_count` groups the whole Trade table, every member's rows, before joining: 25–55 ms
 * on a table of 110,000 trades for a page that needs a handful of numbers.)
 */
async function tradeCounts(ctx: MemberContext, by: "accountId" | "setupId"): Promise<Map<string, number>> {
  const groups = await ctx.prisma.trade.groupBy({ by: [by], where: { userId: ctx.user.id }, _count: { _all: true } });
  return new Map(groups.flatMap((g) => (g[by] ? [[g[by], g._count._all] as const] : [])));
}

export async function createAccount(ctx: MemberContext, input: z.infer<typeof AccountInputSchema>) {
  try {
    const account = await ctx.prisma.brokerAccount.create({
      data: {
        userId: ctx.user.id,
        name: input.name,
        broker: input.broker,
        currency: input.currency,
        startingBalance: input.startingBalance ?? null,
      },
      select: ACCOUNT,
    });
    return toAccount(account);
  } catch (error) {
    if (taken(error)) throw fieldError("name", "You already have an account with this name.");
    throw error;
  }
}

export async function updateAccount(
  ctx: MemberContext,
  { accountId, ...input }: z.infer<typeof UpdateAccountInputSchema>,
) {
  await requireAccount(ctx, accountId);
  try {
    return toAccount(await ctx.prisma.brokerAccount.update({ where: { id: accountId }, data: input, select: ACCOUNT }));
  } catch (error) {
    if (taken(error)) throw fieldError("name", "You already have an account with this name.");
    throw error;
  }
}

/** Deletes an account with its trades, fills and imports. */
export async function deleteAccount(ctx: MemberContext, accountId: string) {
  await requireAccount(ctx, accountId);
  // Its trades' screenshots go with it (cascade); their files are removed after.
  const screenshotFiles = await screenshotKeysOf(ctx, { accountId });
  await ctx.prisma.brokerAccount.delete({ where: { id: accountId }, select: { id: true } });
  await deleteStoredFiles(ctx, screenshotFiles);
  return { deleted: true as const };
}

const SETUP = { id: true, name: true, description: true } as const;

/** The member's setups by name, each with how many trades use it. */
/** The member's setups by name, each with its number of trades (null when not asked for). */
export async function listSetups(
  ctx: MemberContext,
  { tradeCounts: withCounts = true }: { tradeCounts?: boolean } = {},
) {
  const [rows, counts] = await Promise.all([
    ctx.prisma.setup.findMany({ where: { userId: ctx.user.id }, select: SETUP, orderBy: { name: "asc" } }),
    withCounts ? tradeCounts(ctx, "setupId") : null,
  ]);
  return rows.map((s) => ({ ...s, tradeCount: counts ? (counts.get(s.id) ?? 0) : null }));
}

export async function createSetup(ctx: MemberContext, input: z.infer<typeof SetupInputSchema>) {
  try {
    return await ctx.prisma.setup.create({ data: { userId: ctx.user.id, ...input }, select: SETUP });
  } catch (error) {
    if (taken(error)) throw fieldError("name", "You already have a setup with this name.");
    throw error;
  }
}

/** Renames or re-describes one of the member's setups; someone else's is not found. */
export async function updateSetup(ctx: MemberContext, { setupId, ...input }: z.infer<typeof UpdateSetupInputSchema>) {
  let count: number;
  try {
    ({ count } = await ctx.prisma.setup.updateMany({ where: { id: setupId, userId: ctx.user.id }, data: input }));
  } catch (error) {
    if (taken(error)) throw fieldError("name", "You already have a setup with this name.");
    throw error;
  }
  if (!count) throw new TRPCError({ code: "NOT_FOUND", message: "That setup was not found." });
  return ctx.prisma.setup.findUniqueOrThrow({ where: { id: setupId }, select: SETUP });
}

/** Deletes one of the member's setups; its trades stay, with no setup. */
export async function deleteSetup(ctx: MemberContext, setupId: string) {
  const { count } = await ctx.prisma.setup.deleteMany({ where: { id: setupId, userId: ctx.user.id } });
  if (!count) throw new TRPCError({ code: "NOT_FOUND", message: "That setup was not found." });
  return { deleted: true as const };
}

/** A setup id from input must be one of the member's. */
export async function requireSetup(ctx: MemberContext, setupId: string | null | undefined) {
  if (!setupId) return;
  const found = await ctx.prisma.setup.count({ where: { id: setupId, userId: ctx.user.id } });
  if (!found) throw fieldError("setupId", "That setup was not found.");
}
