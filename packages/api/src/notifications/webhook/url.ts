// Where a member's webhook may point. A webhook makes our server send requests to an address a
// member chose, so an address inside our network (the cloud metadata service at 169.254.169.254,
// Redis, PostgreSQL, an admin port on localhost) must never be reachable through it (SSRF). The
// schema checks the shape of the address when it is saved; `checkWebhookTarget` resolves it then;
// deliver.ts checks again the address each connection actually uses, since DNS can change between
// the two (rebinding).
import { promises as dns, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { z } from "zod";

/** Longest webhook address we store (the de facto limit of browsers and most servers). */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

export const PRIVATE_ADDRESS_MESSAGE = "This address points to a private network; use a public https:// address";
export const UNRESOLVED_HOST_MESSAGE = "This address's host name does not resolve";

export interface WebhookUrlOptions {
  /** Accept http:// too (local development and tests against a receiver on this machine). */
  allowHttp?: boolean;
}

/** A zod schema for a webhook address: trimmed, at most 2,048 characters, https (or http if allowed), no credentials or fragment; outputs the normalised URL. */
export function createWebhookUrlSchema({ allowHttp = false }: WebhookUrlOptions = {}) {
  return z
    .string()
    .trim()
    .min(1, { error: "Enter your webhook's address", abort: true })
    .max(MAX_WEBHOOK_URL_LENGTH, { error: "Keep the address under 2,048 characters", abort: true })
    .superRefine((value, ctx) => {
      const fail = (message: string) => ctx.addIssue({ code: "custom", message, input: value });
      if (!URL.canParse(value)) return fail("Enter a full address, such as https://example.com/tradecraft-alerts");
      const url = new URL(value);
      const httpOk = allowHttp && url.protocol === "http:";
      if (url.protocol !== "https:" && !httpOk) {
        return fail(allowHttp ? "Enter an https:// or http:// address" : "Enter an https:// address");
      }
      if (!url.hostname) return fail("Enter a full address, such as https://example.com/tradecraft-alerts");
      // Credentials in a URL end up in logs; requests are authenticated by the signature instead.
      if (url.username || url.password) return fail("Remove the user name and password from the address");
      // A fragment is never sent to the server, so one here is almost surely a pasted mistake.
      if (value.includes("#")) return fail("Remove the # and what follows it from the address");
    })
    .transform((value) => new URL(value).href);
}

/** The webhook address a member may save: https only. */
export const WebhookUrlSchema = createWebhookUrlSchema();
export type WebhookUrl = z.infer<typeof WebhookUrlSchema>;

// Only global unicast is public. Everything else ipaddr.js names (loopback, private, linkLocal,
// carrierGradeNat, uniqueLocal, multicast, benchmarking, reserved…) stays unreachable, including
// ranges that are routable but never a member's server.
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR("2000::/3");

function isPublicV4(address: ipaddr.IPv4): boolean {
  return address.range() === "unicast";
}

function v4FromParts(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

function isPublicV6(address: ipaddr.IPv6): boolean {
  const p = address.parts;
  switch (address.range()) {
    // Addresses that carry an IPv4 address are as public as the IPv4 address they reach.
    case "ipv4Mapped":
    case "rfc6145":
    case "rfc6052":
      return isPublicV4(v4FromParts(p[6]!, p[7]!));
    case "6to4":
      return isPublicV4(v4FromParts(p[1]!, p[2]!));
    case "teredo":
      // The server is in plain text; the client's address is stored inverted (RFC 4380 §4).
      return isPublicV4(v4FromParts(p[2]!, p[3]!)) && isPublicV4(v4FromParts(p[6]! ^ 0xffff, p[7]! ^ 0xffff));
    case "unicast":
      // ipaddr.js calls every unlisted address unicast, also the unallocated and IPv4-compatible (::a.b.c.d) ones.
      return address.match(GLOBAL_UNICAST_V6);
    default:
      return false;
  }
}

/** True when an IP address (v4 or v6, canonical text) belongs to the public internet; false for anything else, including text that is not an address. */
export function isPublicAddress(ip: string): boolean {
  // net.isIP accepts only canonical text; ipaddr.js alone would also take forms like "0x7f.1".
  if (isIP(ip) === 0) return false;
  const address = ipaddr.parse(ip);
  return address.kind() === "ipv4" ? isPublicV4(address as ipaddr.IPv4) : isPublicV6(address as ipaddr.IPv6);
}

/** A URL's host as an IP literal (without IPv6 brackets), or null when it is a name. */
export function ipLiteralOf(url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return isIP(host) === 0 ? null : host;
}

export type LookupAll = (hostname: string) => Promise<LookupAddress[]>;

export type WebhookTargetCheck = { ok: true } | { ok: false; message: string };

const lookupAll: LookupAll = (hostname) => dns.lookup(hostname, { all: true });

/**
 * Resolves a webhook address's host and refuses it when it does not resolve or when any of its
 * addresses is not public (unless `allowPrivate`). Meant for saving and testing a webhook; it
 * does not replace the check at connection time in deliverWebhook.
 */
export async function checkWebhookTarget(
  url: string | URL,
  { allowPrivate = false, lookup = lookupAll }: { allowPrivate?: boolean; lookup?: LookupAll } = {},
): Promise<WebhookTargetCheck> {
  if (typeof url === "string" && !URL.canParse(url)) return { ok: false, message: UNRESOLVED_HOST_MESSAGE };
  const parsed = typeof url === "string" ? new URL(url) : url;
  const literal = ipLiteralOf(parsed);
  if (literal !== null) {
    return allowPrivate || isPublicAddress(literal) ? { ok: true } : { ok: false, message: PRIVATE_ADDRESS_MESSAGE };
  }
  let addresses: LookupAddress[];
  try {
    addresses = await lookup(parsed.hostname);
  } catch {
    return { ok: false, message: UNRESOLVED_HOST_MESSAGE };
  }
  if (addresses.length === 0) return { ok: false, message: UNRESOLVED_HOST_MESSAGE };
  // One private address is enough to refuse: a client may connect to any of them.
  if (!allowPrivate && addresses.some((a) => !isPublicAddress(a.address))) {
    return { ok: false, message: PRIVATE_ADDRESS_MESSAGE };
  }
  return { ok: true };
}
