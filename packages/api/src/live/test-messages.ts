// For tests only (never imported by the product): publishes a ticker message through this
// process's hub, marked by a symbol only the calling test uses, so other producers' messages on
// the shared channel are told apart.
import { getTickerHub } from "./index.ts";
import type { TickerMessage } from "./ticker-message.ts";

/** Publishes one message whose only price is `marker` at `price`; resolves once it is published. */
export async function publishMarked(marker: string, price: number): Promise<TickerMessage> {
  const hub = getTickerHub();
  await hub.start();
  const message: TickerMessage = {
    type: "ticker_update",
    id: await hub.nextId(),
    data: [{ symbol: marker, price, change24h: null, at: Date.now() }],
    timestamp: Date.now(),
    stale: false,
  };
  await hub.publish(message);
  return message;
}
