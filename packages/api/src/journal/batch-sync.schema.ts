// journal.batchSync's input: the envelope of each mutation is checked here; its `data` is parsed
// per mutation with journal.create's or journal.update's own schema, so one bad record is an
// error for its clientId instead of refusing the whole batch.
import { z } from "zod";
import { utcInstant } from "../validation/dates.ts";
import { IdSchema, safeText } from "../validation/text.ts";

const id = IdSchema;
const clientId = safeText().trim().min(1, "Give each change a clientId").max(64, "A clientId is at most 64 characters");
/** The trade's updatedAt the client last saw (an ISO string, or a Date through superjson). */
const baseUpdatedAt = utcInstant({ label: "baseUpdatedAt", required: "Give the updatedAt of the version you changed" });

export const MAX_SYNC_MUTATIONS = 500;

export const SyncMutationSchema = z.discriminatedUnion(
  "op",
  [
    z.object({ clientId, op: z.literal("create"), data: z.unknown() }),
    z.object({ clientId, op: z.literal("update"), tradeId: id, baseUpdatedAt, data: z.unknown() }),
    z.object({ clientId, op: z.literal("delete"), tradeId: id, baseUpdatedAt, data: z.unknown().optional() }),
  ],
  { error: "op is one of create, update, delete" },
);
export type SyncMutation = z.infer<typeof SyncMutationSchema>;

export const BatchSyncInputSchema = z.object({
  mutations: z
    .array(SyncMutationSchema)
    .min(1, "Send at least one change")
    .max(MAX_SYNC_MUTATIONS, `At most ${MAX_SYNC_MUTATIONS} changes a batch`)
    // Results are keyed by clientId: two changes with one id could not be told apart.
    .refine(
      (mutations) => new Set(mutations.map((m) => m.clientId)).size === mutations.length,
      "Each change in a batch needs its own clientId",
    ),
});
export type BatchSyncInput = z.infer<typeof BatchSyncInputSchema>;
