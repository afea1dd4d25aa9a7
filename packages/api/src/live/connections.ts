// Live connections this instance holds open, by transport. A module of its own (no imports) so
// the heartbeat can read them without importing the transports, which import the whole router.
export type LiveTransport = "sse" | "ws";

const counts: Record<LiveTransport, number> = { sse: 0, ws: 0 };

/** Counts a live connection opened on this instance. */
export function noteLiveConnectionOpened(transport: LiveTransport): void {
  counts[transport] += 1;
}

/** Counts a live connection of this instance closed. */
export function noteLiveConnectionClosed(transport: LiveTransport): void {
  counts[transport] = Math.max(0, counts[transport] - 1);
}

/** How many live connections this instance holds open now, by transport. */
export function liveConnectionCounts(): Record<LiveTransport, number> {
  return { ...counts };
}
