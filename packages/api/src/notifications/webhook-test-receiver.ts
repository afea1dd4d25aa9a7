// For tests only (never imported by the product): a real HTTP receiver on 127.0.0.1 standing in for
// a member's server. It keeps each request's raw body and signature header so a test can verify
// them with the secret the member was shown, and answers with whatever status the test sets.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { createLogger, type Logger } from "@tradecraft/config";
import { WEBHOOK_SIGNATURE_HEADER } from "./webhook/index.ts";

export interface ReceivedWebhook {
  body: string;
  signature: string | undefined;
}

export interface TestReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The status the next requests are answered with (200 to begin with). */
  status: number;
  close(): Promise<void>;
}

/** Starts a receiver on a free port of 127.0.0.1. */
export async function startReceiver(): Promise<TestReceiver> {
  const received: ReceivedWebhook[] = [];
  const state = { status: 200 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const signature = req.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()];
      received.push({
        body: Buffer.concat(chunks).toString("utf8"),
        signature: typeof signature === "string" ? signature : undefined,
      });
      res.writeHead(state.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/tradecraft`,
    received,
    get status() {
      return state.status;
    },
    set status(value: number) {
      state.status = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A logger whose JSON lines a test can read (to check what was, and was not, logged). */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: "info", destination }), lines };
}
