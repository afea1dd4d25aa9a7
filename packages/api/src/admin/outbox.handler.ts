import type { Prisma } from "@tradecraft/db";
import type { z } from "zod";
import type { Context } from "../context.ts";
import type { ListOutboxInputSchema } from "./users.schema.ts";

export const OUTBOX_PAGE_SIZE = 50;

/** The email outbox, newest first: who, what, status and error. Bodies are never shown (they hold links). */
export async function listOutbox(ctx: Context, input: z.infer<typeof ListOutboxInputSchema>) {
  const where: Prisma.EmailMessageWhereInput = {
    ...(input.status ? { status: input.status } : {}),
    ...(input.to ? { toAddress: { contains: input.to, mode: "insensitive" } } : {}),
  };
  const [total, counts, messages] = await Promise.all([
    ctx.prisma.emailMessage.count({ where }),
    ctx.prisma.emailMessage.groupBy({ by: ["status"], _count: { _all: true } }),
    ctx.prisma.emailMessage.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (input.page - 1) * OUTBOX_PAGE_SIZE,
      take: OUTBOX_PAGE_SIZE,
      select: {
        id: true,
        userId: true,
        toAddress: true,
        template: true,
        subject: true,
        status: true,
        attempts: true,
        lastError: true,
        createdAt: true,
        sentAt: true,
      },
    }),
  ]);
  const byStatus = { QUEUED: 0, SENT: 0, FAILED: 0, NOT_SENT: 0 };
  for (const row of counts) byStatus[row.status] = row._count._all;
  return { messages, byStatus, page: input.page, pageCount: Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE)), total };
}
