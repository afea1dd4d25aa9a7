// How far an import's commit has got, for the import page to show while it waits: kept in Redis
// when configured (the page's polls may reach another instance than the one committing), else in
// this process. Keyed by the member and a random id the page sends with the commit, so a member
// only ever reads their own; gone ten minutes after the last report.
import type { Redis } from "ioredis";
import { z } from "zod";

export const IMPORT_STAGES = ["reading", "pairing", "writing", "grouping", "done", "failed"] as const;
export type ImportStage = (typeof IMPORT_STAGES)[number];

export const ImportProgressSchema = z.strictObject({
  stage: z.enum(IMPORT_STAGES),
  /** Rows (trades and fills) written so far, and in all; 0 of 0 before writing starts. */
  written: z.number().int().min(0),
  total: z.number().int().min(0),
});
export type ImportProgress = z.infer<typeof ImportProgressSchema>;

const TTL_SECONDS = 600;
const local = new Map<string, { progress: ImportProgress; expires: number }>();
const keyOf = (userId: string, progressId: string) => `import-progress:${userId}:${progressId}`;

/** Records a commit's progress; a failure to record never fails the import. */
export async function reportImportProgress(
  redis: Redis | null,
  userId: string,
  progressId: string | undefined,
  progress: ImportProgress,
): Promise<void> {
  if (!progressId) return;
  const key = keyOf(userId, progressId);
  if (!redis) {
    const now = Date.now();
    for (const [k, v] of local) if (v.expires < now) local.delete(k);
    local.set(key, { progress, expires: now + TTL_SECONDS * 1000 });
    return;
  }
  await redis.set(key, JSON.stringify(progress), "EX", TTL_SECONDS).catch(() => undefined);
}

/** The member's commit progress under that id, or null when unknown (not started, expired, another member's). */
export async function readImportProgress(
  redis: Redis | null,
  userId: string,
  progressId: string,
): Promise<ImportProgress | null> {
  const key = keyOf(userId, progressId);
  if (!redis) {
    const entry = local.get(key);
    return entry && entry.expires >= Date.now() ? entry.progress : null;
  }
  const raw = await redis.get(key);
  if (!raw) return null;
  const parsed = ImportProgressSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}
