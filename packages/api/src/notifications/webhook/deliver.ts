// One webhook delivery: a signed JSON POST to a member's address, with an outcome that says
// whether trying again could help. No database and no retries here: the caller records the
// outcome and its job queue decides when to try again.
//
// The address was checked when it was saved, but a host name may resolve elsewhere now (DNS
// rebinding), so the check is repeated on the addresses each connection actually uses: undici
// connects through our lookup, which refuses non-public addresses before a socket is opened.
// Redirects are never followed, since a redirect could point anywhere, including back inside.
import { randomUUID } from "node:crypto";
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import type { LookupFunction } from "node:net";
import { Agent, fetch, type Response } from "undici";
import { WEBHOOK_SIGNATURE_HEADER, signWebhook } from "./sign.ts";
import { PRIVATE_ADDRESS_MESSAGE, createWebhookUrlSchema, ipLiteralOf, isPublicAddress } from "./url.ts";

/** The request header that carries the delivery's id (the same id on every retry of one delivery is the caller's choice). */
export const WEBHOOK_DELIVERY_HEADER = "Tradecraft-Delivery";
export const WEBHOOK_USER_AGENT = "Tradecraft-Webhooks/1";
/** Largest JSON body we send; an alert's payload is a few hundred bytes. */
export const MAX_WEBHOOK_PAYLOAD_BYTES = 64 * 1024;
/** The most of a response body we read before hanging up; we never use it. */
const MAX_RESPONSE_BYTES = 4 * 1024;
const REFUSED_CODE = "ERR_WEBHOOK_PRIVATE_ADDRESS";

export interface DeliverWebhookInput {
  url: string;
  secret: string;
  payload: unknown;
  /** Whole request budget: connect, send, response headers and the bit of body we read. */
  timeoutMs?: number;
  /** Allow loopback and private addresses (local development and tests only). */
  allowPrivate?: boolean;
  /** Allow http:// addresses (local development and tests only). */
  allowHttp?: boolean;
  /** Clock in epoch ms, for the signature's timestamp. */
  now?: () => number;
}

export interface WebhookDeliveryResult {
  ok: boolean;
  /** The receiver's HTTP status, or null when no response came. */
  status: number | null;
  /** True when the same request may succeed later (timeouts, connection errors, 408, 429, 5xx). */
  retryable: boolean;
  error?: string;
  deliveryId: string;
}

// dns.lookup with the same answer shapes, refusing when any address is not public: the socket
// may try each of them (Happy Eyeballs), so one private address is one too many.
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", undefined);
      if (!allowPrivate && addresses.some((a) => !isPublicAddress(a.address))) {
        return callback(Object.assign(new Error(PRIVATE_ADDRESS_MESSAGE), { code: REFUSED_CODE }), "", undefined);
      }
      if (options.all) return callback(null, addresses as unknown as string, undefined);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), "", 0);
      callback(null, first.address, first.family);
    });
  };
}

function errorChain(error: unknown): { name?: string; code?: string; message?: string }[] {
  const chain: { name?: string; code?: string; message?: string }[] = [];
  for (let e = error as { cause?: unknown } | undefined; e && chain.length < 5; e = e.cause as typeof e) {
    chain.push(e as { name?: string; code?: string; message?: string });
  }
  return chain;
}

async function discardBody({ body }: Response): Promise<void> {
  if (!body) return;
  const reader = body.getReader();
  try {
    for (let read = 0; read < MAX_RESPONSE_BYTES;) {
      const { done, value } = await reader.read();
      if (done) return;
      read += (value as Uint8Array).byteLength;
    }
  } catch {
    // The status already decided the outcome; a broken body changes nothing.
  } finally {
    await reader.cancel().catch(() => {});
  }
}

function outcomeOf(status: number, deliveryId: string): WebhookDeliveryResult {
  if (status >= 200 && status < 300) return { ok: true, status, retryable: false, deliveryId };
  if (status >= 300 && status < 400) {
    return { ok: false, status, retryable: false, error: `Redirect (${status}) not followed`, deliveryId };
  }
  const retryable = status === 408 || status === 429 || status >= 500;
  return { ok: false, status, retryable, error: `HTTP ${status}`, deliveryId };
}

function failure(deliveryId: string, error: string, retryable: boolean): WebhookDeliveryResult {
  return { ok: false, status: null, retryable, error, deliveryId };
}

/** POSTs a signed JSON payload to a webhook and classifies the outcome; never throws, never follows a redirect, never connects to a non-public address unless `allowPrivate`. */
export async function deliverWebhook({
  url,
  secret,
  payload,
  timeoutMs = 3000,
  allowPrivate = false,
  allowHttp = false,
  now = Date.now,
}: DeliverWebhookInput): Promise<WebhookDeliveryResult> {
  const deliveryId = randomUUID();
  const target = createWebhookUrlSchema({ allowHttp }).safeParse(url);
  if (!target.success) return failure(deliveryId, target.error.issues[0]?.message ?? "Invalid address", false);

  let body: string | undefined;
  try {
    body = JSON.stringify(payload);
  } catch (error) {
    return failure(deliveryId, `Payload is not serialisable: ${(error as Error).message}`, false);
  }
  if (body === undefined) return failure(deliveryId, "Payload is not serialisable", false);
  if (Buffer.byteLength(body) > MAX_WEBHOOK_PAYLOAD_BYTES) {
    return failure(deliveryId, `Payload is larger than ${MAX_WEBHOOK_PAYLOAD_BYTES} bytes`, false);
  }

  // Sockets skip the lookup for an IP literal, so a literal is checked here.
  const literal = ipLiteralOf(new URL(target.data));
  if (literal !== null && !allowPrivate && !isPublicAddress(literal)) {
    return failure(deliveryId, PRIVATE_ADDRESS_MESSAGE, false);
  }

  // One agent per delivery: no pooled socket to a member's host outlives the delivery.
  const agent = new Agent({ connect: { lookup: guardedLookup(allowPrivate) } });
  try {
    const response = await fetch(target.data, {
      method: "POST",
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      dispatcher: agent,
      headers: {
        "content-type": "application/json",
        "user-agent": WEBHOOK_USER_AGENT,
        [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secret, body, Math.floor(now() / 1000)),
        [WEBHOOK_DELIVERY_HEADER]: deliveryId,
      },
    });
    await discardBody(response);
    return outcomeOf(response.status, deliveryId);
  } catch (error) {
    const chain = errorChain(error);
    if (chain.some((e) => e.code === REFUSED_CODE)) return failure(deliveryId, PRIVATE_ADDRESS_MESSAGE, false);
    if (chain.some((e) => e.name === "TimeoutError"))
      return failure(deliveryId, `Timed out after ${timeoutMs} ms`, true);
    // Connection refused or reset, DNS failure, TLS error: the receiver may be back later.
    const cause = chain.at(-1);
    return failure(
      deliveryId,
      `${cause?.code ? `${cause.code}: ` : ""}${cause?.message ?? String(error)}`.slice(0, 300),
      true,
    );
  } finally {
    agent.destroy().catch(() => {});
  }
}
