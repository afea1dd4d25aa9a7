// journal.batchSync: an offline client's queue of changes, applied in order, each in its own
// transaction. An update or delete names the version it was made against (the trade's
// updatedAt); if the trade changed since, the change is not applied and the client gets the
// server's trade back to merge. Creates carry the client's id, so a retried batch creates
// nothing twice.
import { Prisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { inputErrorsOf, inputProblems } from "../trpc.ts";
import type { MemberContext } from "./accounts.handler.ts";
import type { BatchSyncInput, SyncMutation } from "./batch-sync.schema.ts";
import { createTrade, lockTrade, toTradeDto, type TradeDto, updateTradeAt } from "./journal.handler.ts";
import { deleteStoredFiles, screenshotKeysOf } from "./screenshots.handler.ts";
import { CreateTradeInputSchema, UpdateTradeInputSchema } from "./schemas.ts";

type Op = SyncMutation["op"];
export type SyncResult =
  /** `updatedAt` is the trade's new version (null after a delete); `replayed` when a retried create found its trade. */
  | { clientId: string; status: "applied"; op: Op; tradeId: string; updatedAt: Date | null; replayed?: true }
  | { clientId: string; status: "conflict"; op: Op; tradeId: string; trade: TradeDto }
  | {
      clientId: string;
      status: "error";
      op: Op;
      code: "BAD_REQUEST" | "NOT_FOUND" | "INTERNAL_SERVER_ERROR";
      message: string;
    };

/** Applies the member's changes in order and says, per clientId, what became of each. */
export async function batchSync(ctx: MemberContext, { mutations }: BatchSyncInput): Promise<{ results: SyncResult[] }> {
  const results: SyncResult[] = [];
  for (const mutation of mutations) results.push(await applyMutation(ctx, mutation));
  const count = (status: SyncResult["status"]) => results.filter((r) => r.status === status).length;
  ctx.logger.info(
    { event: "journal.batch_sync", applied: count("applied"), conflicts: count("conflict"), errors: count("error") },
    "batch synced",
  );
  return { results };
}

async function applyMutation(ctx: MemberContext, mutation: SyncMutation): Promise<SyncResult> {
  try {
    if (mutation.op === "create") return await syncCreate(ctx, mutation);
    if (mutation.op === "update") return await syncUpdate(ctx, mutation);
    return await syncDelete(ctx, mutation);
  } catch (error) {
    return { clientId: mutation.clientId, status: "error", op: mutation.op, ...explain(ctx, error) };
  }
}

async function syncCreate(
  ctx: MemberContext,
  { clientId, data }: Extract<SyncMutation, { op: "create" }>,
): Promise<SyncResult> {
  // A retry answers as the first attempt did, whatever its data says now.
  const replay = async () => {
    const trade = await ctx.prisma.trade.findFirst({
      where: { userId: ctx.user.id, clientId },
      select: { id: true, updatedAt: true },
    });
    return trade
      ? ({
          clientId,
          status: "applied",
          op: "create",
          tradeId: trade.id,
          updatedAt: trade.updatedAt,
          replayed: true,
        } as const)
      : null;
  };
  const earlier = await replay();
  if (earlier) return earlier;
  const input = CreateTradeInputSchema.parse(data);
  try {
    const trade = await createTrade(ctx, input, { clientId });
    return { clientId, status: "applied", op: "create", tradeId: trade.id, updatedAt: trade.updatedAt };
  } catch (error) {
    // Two copies of the batch at once: the unique (userId, clientId) index let one insert win.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const winner = await replay();
      if (winner) return winner;
    }
    throw error;
  }
}

async function syncUpdate(
  ctx: MemberContext,
  { clientId, tradeId, baseUpdatedAt, data }: Extract<SyncMutation, { op: "update" }>,
): Promise<SyncResult> {
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw badData();
  const input = UpdateTradeInputSchema.parse({ ...data, tradeId });
  const outcome = await updateTradeAt(ctx, input, baseUpdatedAt);
  if (outcome.status === "conflict")
    return { clientId, status: "conflict", op: "update", tradeId, trade: outcome.current };
  return { clientId, status: "applied", op: "update", tradeId, updatedAt: outcome.updatedAt };
}

async function syncDelete(
  ctx: MemberContext,
  { clientId, tradeId, baseUpdatedAt }: Extract<SyncMutation, { op: "delete" }>,
): Promise<SyncResult> {
  // As journal.delete: the screenshots' rows go with the trade (cascade), their files after.
  const screenshotFiles = await screenshotKeysOf(ctx, { tradeId });
  // The same lock as an update: a trade edited since the client's version is not deleted.
  const current = await ctx.prisma.$transaction(async (tx) => {
    const row = await lockTrade(tx, ctx, tradeId);
    if (row.updatedAt.getTime() !== baseUpdatedAt.getTime()) return toTradeDto(row);
    await tx.trade.delete({ where: { id: tradeId }, select: { id: true } });
    return null;
  });
  if (current) return { clientId, status: "conflict", op: "delete", tradeId, trade: current };
  await deleteStoredFiles(ctx, screenshotFiles);
  return { clientId, status: "applied", op: "delete", tradeId, updatedAt: null };
}

const badData = () => new TRPCError({ code: "BAD_REQUEST", message: "data: give the fields to change as an object" });

/** What the client is told about a change that failed; faults of ours are logged, not described. */
function explain(
  ctx: MemberContext,
  error: unknown,
): { code: "BAD_REQUEST" | "NOT_FOUND" | "INTERNAL_SERVER_ERROR"; message: string } {
  const zod =
    error instanceof ZodError
      ? error
      : error instanceof TRPCError && error.cause instanceof ZodError
        ? error.cause
        : null;
  const problems = zod ? inputProblems(inputErrorsOf(zod)!) : [];
  if (problems.length) return { code: "BAD_REQUEST", message: problems.join("; ") };
  if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST"))
    return { code: error.code, message: error.message };
  ctx.logger.error({ err: error, event: "journal.batch_sync_failed" }, "a synced change failed");
  return { code: "INTERNAL_SERVER_ERROR", message: "This change could not be saved. Send it again later." };
}
