// Inputs of the watchlists router, shared by the page's forms.
import { z } from "zod";
import { MarketSymbolSchema } from "../validation/market.ts";
import { IdSchema, safeName } from "../validation/text.ts";
import { MAX_SYMBOLS_PER_LIST } from "./limits.ts";

export const WatchlistNameSchema = safeName()
  .trim()
  .min(1, "Give the list a name")
  .max(60, "List names are at most 60 characters");

export const ListWatchlistsInputSchema = z
  .object({
    /** Price this list's symbols first (the rest as the 50-symbol budget allows). */
    watchlistId: IdSchema.optional(),
  })
  .default({});

export const CreateWatchlistInputSchema = z.object({ name: WatchlistNameSchema });
export const RenameWatchlistInputSchema = z.object({ watchlistId: IdSchema, name: WatchlistNameSchema });
export const WatchlistIdInputSchema = z.object({ watchlistId: IdSchema });
export const AddItemInputSchema = z.object({ watchlistId: IdSchema, symbol: MarketSymbolSchema });
export const RemoveItemInputSchema = z.object({ itemId: IdSchema });

/**
 * A new order: all of the member's list ids, or (with `watchlistId`) all of that list's item ids,
 * first to last. 50 is the larger of the two limits.
 */
export const ReorderInputSchema = z.object({
  watchlistId: IdSchema.optional(),
  ids: z
    .array(IdSchema, "Give the ids in their new order")
    .min(1, "Give the ids in their new order")
    .max(MAX_SYMBOLS_PER_LIST, `At most ${MAX_SYMBOLS_PER_LIST} ids`),
});

export type ListWatchlistsInput = z.infer<typeof ListWatchlistsInputSchema>;
export type CreateWatchlistInput = z.infer<typeof CreateWatchlistInputSchema>;
export type RenameWatchlistInput = z.infer<typeof RenameWatchlistInputSchema>;
export type AddItemInput = z.infer<typeof AddItemInputSchema>;
export type ReorderInput = z.infer<typeof ReorderInputSchema>;
