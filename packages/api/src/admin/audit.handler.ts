import type { Prisma } from "@tradecraft/db";
import type { z } from "zod";
import type { Context } from "../context.ts";
import type { ListAuditInputSchema } from "./users.schema.ts";

const AUDIT_PAGE_SIZE = 50;

/**
 * Audit events, newest first, filtered by user (actor or subject), action prefix and date range;
 * each with its actor's and subject's name and email when they still exist.
 */
export async function listAudit(ctx: Context, input: z.infer<typeof ListAuditInputSchema>) {
  const where: Prisma.AuditEventWhereInput = {
    ...(input.userId ? { OR: [{ actorId: input.userId }, { subjectId: input.userId }] } : {}),
    ...(input.action ? { action: { startsWith: input.action } } : {}),
    ...(input.from || input.to
      ? { createdAt: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lte: input.to } : {}) } }
      : {}),
  };
  const [total, events] = await Promise.all([
    ctx.prisma.auditEvent.count({ where }),
    ctx.prisma.auditEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (input.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      select: {
        id: true,
        action: true,
        actorId: true,
        subjectId: true,
        ip: true,
        requestId: true,
        metadata: true,
        createdAt: true,
      },
    }),
  ]);
  // No relation in the schema (events outlive their users): the page's people are read in one query.
  const ids = [...new Set(events.flatMap((e) => [e.actorId, e.subjectId]).filter((id): id is string => id !== null))];
  const people = ids.length
    ? await ctx.prisma.user.findMany({
        where: { id: { in: ids } },
        select: { id: true, displayName: true, email: true },
      })
    : [];
  const byId = new Map(people.map((person) => [person.id, person]));
  const personOf = (id: string | null) => (id ? (byId.get(id) ?? null) : null);
  return {
    events: events.map((e) => ({ ...e, actor: personOf(e.actorId), subject: personOf(e.subjectId) })),
    page: input.page,
    pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    total,
  };
}
