import { createContext, type ReactNode, useContext, useEffect, useState, useSyncExternalStore } from "react";
import { formatPrice } from "~/lib/format";
import { browserApi } from "~/lib/trpc.client";

interface LivePrice {
  price: number;
  change24h: number | null;
  at: number;
}

/**
 * The tab's one ticker subscription and what it last said: prices by symbol, whether they are
 * stale, and when the last message came. Components read it through useSyncExternalStore, so a
 * message re-renders only what shows a price.
 */
class TickerStore {
  prices = new Map<string, LivePrice>();
  stale = false;
  receivedAt: number | null = null;
  /** The member's unread notifications as the stream last said (null: the page's own count stands). */
  unread: number | null = null;
  private listeners = new Set<() => void>();
  private version = 0;

  update(data: Array<{ symbol: string } & LivePrice>, stale: boolean) {
    for (const { symbol, ...price } of data) this.prices.set(symbol, price);
    this.stale = stale;
    this.receivedAt = Date.now();
    this.notify();
  }

  setUnread(unread: number) {
    this.unread = unread;
    this.notify();
  }

  private notify() {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = () => this.version;
}

const TickerContext = createContext<TickerStore | null>(null);

/**
 * Subscribes once per tab to live.ticker (server-sent events, reconnecting by itself and resuming
 * after the last message id it saw) and shares the prices with every LivePrice below it. Without
 * JavaScript nothing of this runs: pages show the prices they were rendered with.
 */
export function LiveTickerProvider({ children }: { children: ReactNode }) {
  const [store] = useState(() => new TickerStore());
  useEffect(() => {
    const subscription = browserApi().live.ticker.subscribe(undefined, {
      onData: (event) => {
        // Ticker messages come wrapped with their id (tracked), the bell's count on its own.
        if ("type" in event && event.type === "notifications") store.setUnread(event.unread);
        else if ("data" in event && event.data.type === "ticker_update")
          store.update(event.data.data, event.data.stale);
      },
    });
    return () => subscription.unsubscribe();
  }, [store]);
  return <TickerContext.Provider value={store}>{children}</TickerContext.Provider>;
}

function useTicker() {
  const store = useContext(TickerContext);
  useSyncExternalStore(store?.subscribe ?? (() => () => {}), store?.snapshot ?? (() => 0), () => 0);
  return store;
}

/** The member's unread notifications: the page's count until the stream says another. */
export function useUnreadCount(initial: number): number {
  return useTicker()?.unread ?? initial;
}

/** A symbol's price: the server-rendered one until the ticker says otherwise. */
export function LivePrice({ symbol, initial }: { symbol: string; initial: string | number | null }) {
  const live = useTicker()?.prices.get(symbol);
  const price = live?.price ?? initial;
  return (
    <span data-live-symbol={symbol} data-live={live ? "yes" : "no"}>
      {price == null ? "—" : formatPrice(String(price))}
    </span>
  );
}

/** "Live · 14:05:03" once a message arrived ("delayed" when the producer served stale prices). */
export function LiveStatus() {
  const store = useTicker();
  if (!store?.receivedAt) return null;
  const time = new Date(store.receivedAt).toLocaleTimeString("en-GB");
  return (
    <span role="status" className="tc-muted" data-live-status={store.stale ? "stale" : "live"}>
      {store.stale ? `Prices delayed · ${time}` : `Live · ${time}`}
    </span>
  );
}
