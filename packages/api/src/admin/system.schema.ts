import { QUEUES } from "@tradecraft/db";
import { z } from "zod";

const QUEUE_NAMES = Object.values(QUEUES).map((q) => q.name) as [
  (typeof QUEUES)[keyof typeof QUEUES]["name"],
  ...(typeof QUEUES)[keyof typeof QUEUES]["name"][],
];

/** admin.system.retryJob: which failed job of which queue to run again. */
export const RetryJobInputSchema = z.strictObject({
  queue: z.enum(QUEUE_NAMES, { error: "Unknown queue" }),
  id: z.uuid({ error: "Enter a job id" }),
});
export type RetryJobInput = z.infer<typeof RetryJobInputSchema>;
