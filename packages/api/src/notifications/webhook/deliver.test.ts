import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_WEBHOOK_PAYLOAD_BYTES, WEBHOOK_DELIVERY_HEADER, deliverWebhook } from "./deliver.ts";
import { WEBHOOK_SIGNATURE_HEADER, verifyWebhookSignature } from "./sign.ts";
import { PRIVATE_ADDRESS_MESSAGE } from "./url.ts";

const secret = "whsec_deliver_test";
const now = () => Date.UTC(2026, 0, 5, 14, 30);
const payload = { type: "price_alert.triggered", symbol: "AAPL", price: 201.5 };

interface Received {
  path: string;
  body: string;
  signed: boolean;
  headers: IncomingMessage["headers"];
}

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

// A real receiver on 127.0.0.1 that verifies each request as a member's server would.
async function receiver(respond: (req: IncomingMessage, res: ServerResponse) => void) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const signed = verifyWebhookSignature(secret, req.headers["tradecraft-signature"] as string, body, {
        nowSeconds: Math.floor(now() / 1000),
      });
      received.push({ path: req.url ?? "", body, signed, headers: req.headers });
      respond(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { received, port, url: `http://127.0.0.1:${port}/hooks/tc` };
}

const status =
  (code: number, headers: Record<string, string> = {}) =>
  (_: IncomingMessage, res: ServerResponse) => {
    res.writeHead(code, headers).end("x".repeat(10_000));
  };

const local = { secret, payload, now, allowPrivate: true, allowHttp: true };

describe("deliverWebhook", () => {
  it("delivers a signed JSON POST and reports 200 as ok", async () => {
    const r = await receiver(status(200));
    const result = await deliverWebhook({ ...local, url: r.url });
    expect(result).toEqual({ ok: true, status: 200, retryable: false, deliveryId: expect.any(String) });
    expect(r.received).toHaveLength(1);
    const [req] = r.received;
    expect(req!.signed).toBe(true);
    expect(JSON.parse(req!.body)).toEqual(payload);
    expect(req!.path).toBe("/hooks/tc");
    expect(req!.headers["content-type"]).toBe("application/json");
    expect(req!.headers["user-agent"]).toBe("Tradecraft-Webhooks/1");
    expect(req!.headers[WEBHOOK_DELIVERY_HEADER.toLowerCase()]).toBe(result.deliveryId);
    expect(req!.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()]).toMatch(/^t=1767623400,v1=[0-9a-f]{64}$/);
  });

  it("reports 500 as retryable", async () => {
    const r = await receiver(status(500));
    expect(await deliverWebhook({ ...local, url: r.url })).toMatchObject({ ok: false, status: 500, retryable: true });
  });

  it.each([408, 429, 503])("reports %i as retryable", async (code) => {
    const r = await receiver(status(code));
    expect(await deliverWebhook({ ...local, url: r.url })).toMatchObject({ ok: false, status: code, retryable: true });
  });

  it("reports 404 as not retryable", async () => {
    const r = await receiver(status(404));
    expect(await deliverWebhook({ ...local, url: r.url })).toMatchObject({ ok: false, status: 404, retryable: false });
  });

  it("does not follow a redirect, and does not retry it", async () => {
    const r = await receiver((req, res) => {
      if (req.url === "/hooks/tc") res.writeHead(302, { location: "/elsewhere" }).end();
      else res.writeHead(200).end();
    });
    const result = await deliverWebhook({ ...local, url: r.url });
    expect(result).toMatchObject({ ok: false, status: 302, retryable: false });
    expect(r.received.map((x) => x.path)).toEqual(["/hooks/tc"]);
  });

  it("times out a receiver that never answers, as retryable", async () => {
    const r = await receiver(() => {});
    const started = performance.now();
    const result = await deliverWebhook({ ...local, url: r.url, timeoutMs: 300 });
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ ok: false, status: null, retryable: true, error: "Timed out after 300 ms" });
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2000);
    expect(r.received).toHaveLength(1);
  });

  it("reports a refused connection as retryable", async () => {
    const r = await receiver(status(200));
    await closers.pop()!();
    const result = await deliverWebhook({ ...local, url: r.url });
    expect(result).toMatchObject({ ok: false, status: null, retryable: true });
    expect(result.error).toMatch(/ECONNREFUSED/);
  });

  it("refuses a private IP literal when private addresses are not allowed; the receiver sees nothing", async () => {
    const r = await receiver(status(200));
    const result = await deliverWebhook({ ...local, url: r.url, allowPrivate: false });
    expect(result).toMatchObject({ ok: false, status: null, retryable: false, error: PRIVATE_ADDRESS_MESSAGE });
    expect(r.received).toHaveLength(0);
  });

  it("refuses a host name that resolves to a private address at connection time", async () => {
    const r = await receiver(status(200));
    const url = `http://localhost:${r.port}/hooks/tc`;
    expect(await deliverWebhook({ ...local, url, allowPrivate: false })).toMatchObject({
      ok: false,
      status: null,
      retryable: false,
      error: PRIVATE_ADDRESS_MESSAGE,
    });
    expect(r.received).toHaveLength(0);
    // The same lookup lets the connection through when private addresses are allowed.
    expect(await deliverWebhook({ ...local, url })).toMatchObject({ ok: true, status: 200 });
    expect(r.received).toHaveLength(1);
  });

  it("refuses http:// unless allowed", async () => {
    const r = await receiver(status(200));
    expect(await deliverWebhook({ ...local, url: r.url, allowHttp: false })).toMatchObject({
      ok: false,
      retryable: false,
      error: "Enter an https:// address",
    });
    expect(r.received).toHaveLength(0);
  });

  it("refuses a payload over 64 KB without sending it", async () => {
    const r = await receiver(status(200));
    const big = { text: "x".repeat(MAX_WEBHOOK_PAYLOAD_BYTES) };
    expect(await deliverWebhook({ ...local, url: r.url, payload: big })).toMatchObject({
      ok: false,
      status: null,
      retryable: false,
    });
    expect(r.received).toHaveLength(0);
  });

  it("gives each delivery its own id", async () => {
    const r = await receiver(status(204));
    const [a, b] = await Promise.all([
      deliverWebhook({ ...local, url: r.url }),
      deliverWebhook({ ...local, url: r.url }),
    ]);
    expect(a!.deliveryId).not.toBe(b!.deliveryId);
    expect(a!.deliveryId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
