// Shared by the new-trade and edit-trade forms (client-safe: trade-form.server.ts holds the rest).

/** Error key → id of its control, in the order the trade forms show them (for the error summary). */
export const TRADE_FIELD_IDS: Record<string, string> = {
  accountId: "accountId",
  symbol: "symbol",
  assetClass: "assetClass",
  direction: "direction",
  quantity: "quantity",
  entryPrice: "entryPrice",
  entryAt: "entryAt",
  exitPrice: "exitPrice",
  exitAt: "exitAt",
  fees: "fees",
  multiplier: "multiplier",
  option: "optionExpiry",
  "option.expiry": "optionExpiry",
  "option.strike": "optionStrike",
  "option.right": "optionRight",
  stopLoss: "stopLoss",
  takeProfit: "takeProfit",
  netPnlOverride: "netPnlOverride",
  setupId: "setupId",
  tags: "tags",
  rating: "rating",
  emotions: "emotions",
  notes: "notes",
};
