// Inputs of journal.enrich and journal.excursions: one of the member's trades, by id.
import { z } from "zod";
import { IdSchema } from "../validation/text.ts";

/** `{ tradeId }`: the trade whose excursions to calculate (or read). */
export const EnrichInputSchema = z.object({ tradeId: IdSchema });
export type EnrichInput = z.infer<typeof EnrichInputSchema>;
