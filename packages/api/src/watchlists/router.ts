// watchlists (issue 15): a member's named lists of symbols, priced from the market service.
import { memberProcedure, router } from "../trpc.ts";
import { listWatchlists } from "./list.handler.ts";
import {
  AddItemInputSchema,
  CreateWatchlistInputSchema,
  ListWatchlistsInputSchema,
  RemoveItemInputSchema,
  RenameWatchlistInputSchema,
  ReorderInputSchema,
  WatchlistIdInputSchema,
} from "./schemas.ts";
import {
  addItem,
  createWatchlist,
  deleteWatchlist,
  removeItem,
  renameWatchlist,
  reorder,
} from "./watchlists.handler.ts";

export const watchlistsRouter = router({
  /** The member's lists and symbols with quotes and sparklines (at most 50 symbols priced per call). */
  list: memberProcedure.input(ListWatchlistsInputSchema).query(({ ctx, input }) => listWatchlists(ctx, input)),
  create: memberProcedure.input(CreateWatchlistInputSchema).mutation(({ ctx, input }) => createWatchlist(ctx, input)),
  rename: memberProcedure.input(RenameWatchlistInputSchema).mutation(({ ctx, input }) => renameWatchlist(ctx, input)),
  delete: memberProcedure
    .input(WatchlistIdInputSchema)
    .mutation(({ ctx, input }) => deleteWatchlist(ctx, input.watchlistId)),
  /** All of the member's list ids (or, with watchlistId, all of its item ids) in their new order. */
  reorder: memberProcedure.input(ReorderInputSchema).mutation(({ ctx, input }) => reorder(ctx, input)),
  addItem: memberProcedure.input(AddItemInputSchema).mutation(({ ctx, input }) => addItem(ctx, input)),
  removeItem: memberProcedure.input(RemoveItemInputSchema).mutation(({ ctx, input }) => removeItem(ctx, input.itemId)),
});
