// The live ticker over WebSocket from a real browser (issue 15): the tab's own cookie opens
// /api/trpc-ws on the app's origin (the page's Content-Security-Policy lets it connect), the
// server greets with "connected", and a tRPC subscription to live.ticker, sent as @trpc/client's
// wsLink sends it, receives ticker messages. A signed-out page gets no socket at all. The app's
// own tabs use the SSE transport (live.spec.ts); this is the transport for clients that want it.
import { expect, test } from "../../fixtures/test.ts";
import { collectConsoleErrors } from "../../fixtures/axe.ts";
import { signUp, uniqueEmail } from "../../fixtures/members.ts";

interface SocketOutcome {
  opened: boolean;
  frames: string[];
  closeCode: number | null;
}

/** Opens the live socket from the page, subscribes to live.ticker, and waits for a ticker message (or the close). */
function openLiveSocket(timeoutMs: number): Promise<SocketOutcome> {
  return new Promise((resolve) => {
    const outcome: SocketOutcome = { opened: false, frames: [], closeCode: null };
    const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/trpc-ws`);
    const done = () => {
      clearTimeout(timer);
      if (socket.readyState === WebSocket.OPEN) socket.close(1000);
      resolve(outcome);
    };
    const timer = setTimeout(done, timeoutMs);
    socket.onopen = () => {
      outcome.opened = true;
      socket.send(
        JSON.stringify({ id: 1, method: "subscription", params: { path: "live.ticker", input: { json: {} } } }),
      );
    };
    socket.onmessage = (event) => {
      outcome.frames.push(String(event.data));
      if (String(event.data).includes("ticker_update")) done();
    };
    socket.onclose = (event) => {
      outcome.closeCode = event.code;
      done();
    };
  });
}

test("a signed-in tab opens the live WebSocket with its cookie and receives ticker messages over tRPC", async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await signUp(page, uniqueEmail("websocket"), "Wes Socket");
  await page.goto("/app");
  // The producer publishes every 5 s; the subscription's first message is the latest snapshot.
  const outcome = await page.evaluate(openLiveSocket, 30_000);
  expect(outcome.opened).toBe(true);
  const [greeting, ...rest] = outcome.frames.map((frame) => JSON.parse(frame) as Record<string, unknown>);
  expect(greeting).toEqual({ id: null, method: "connected" });
  const data = rest.find((m) => (m.result as { type?: string } | undefined)?.type === "data") as {
    id: number;
    result: {
      id?: string;
      data: { json: { id: string; data: { type: string; id: string; data: { symbol: string; price: number }[] } } };
    };
  };
  expect(data, JSON.stringify(outcome.frames)).toBeDefined();
  expect(data.id).toBe(1);
  // Tracked (tRPC's tracked()): the event carries the message id, so a client can resume after it.
  const { id: eventId, data: message } = data.result.data.json;
  expect(message.type).toBe("ticker_update");
  expect([data.result.id, eventId]).toEqual([message.id, message.id]);
  const btc = message.data.find((quote) => quote.symbol === "BTC");
  expect(btc?.price).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

test("a signed-out page gets no live socket", async ({ page }) => {
  await page.goto("/");
  const outcome = await page.evaluate(openLiveSocket, 15_000);
  expect(outcome.opened).toBe(false);
  expect(outcome.frames).toEqual([]);
  // The upgrade is refused with a plain HTTP answer: the browser reports an abnormal close.
  expect(outcome.closeCode).toBe(1006);
});
