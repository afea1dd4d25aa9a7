import type { Context } from "../context.ts";
import { cutText } from "../validation/text.ts";

const SECRET_KEY = /pass(word)?|token|secret|cookie|authorization|hash/i;

/** Copies metadata with anything secret-looking dropped and strings capped, so events stay small and safe. */
export function sanitizeMetadata(metadata: Record<string, unknown>): Record<string, string | number | boolean | null> {
  const clean: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(metadata).slice(0, 20)) {
    if (SECRET_KEY.test(key)) continue;
    if (value === null || typeof value === "number" || typeof value === "boolean") clean[key] = value;
    // Whole characters only: half a surrogate pair is refused by the JSON column.
    else if (typeof value === "string") clean[key] = cutText(value, 200);
  }
  return clean;
}

/**
 * Records an audit event with the request's IP, user agent and id. Failures are logged, never
 * thrown: the action the member asked for must not fail because its record could not be written.
 */
export async function recordAudit(
  ctx: Pick<Context, "prisma" | "ip" | "headers" | "requestId" | "logger">,
  action: string,
  {
    actorId = null,
    subjectId = null,
    metadata = {},
  }: { actorId?: string | null; subjectId?: string | null; metadata?: Record<string, unknown> } = {},
): Promise<void> {
  try {
    await ctx.prisma.auditEvent.create({
      data: {
        action,
        actorId,
        subjectId,
        ip: ctx.ip.slice(0, 64),
        userAgent: ctx.headers.get("user-agent")?.slice(0, 512) ?? null,
        requestId: ctx.requestId,
        metadata: sanitizeMetadata(metadata),
      },
      select: { id: true },
    });
  } catch (error) {
    ctx.logger.error({ err: error, action }, "could not write audit event");
  }
}
