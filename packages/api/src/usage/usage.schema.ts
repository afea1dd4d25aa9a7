import { z } from "zod";

export const UsageSummaryInputSchema = z
  .object({ conversationId: z.string().trim().min(1).max(64).optional() })
  .default({});
