import { z } from "zod";
import { IdSchema } from "../validation/text.ts";

export const UsageSummaryInputSchema = z.object({ conversationId: IdSchema.optional() }).default({});
