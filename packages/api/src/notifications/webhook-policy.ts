// Where this process's webhooks may point. Production sends only to public https:// addresses;
// development and tests also reach http:// and private addresses, so a receiver on this machine
// (127.0.0.1) can stand in for a member's server.
import { getEnv } from "@tradecraft/config";

export interface WebhookPolicy {
  /** Accept http:// addresses as well as https://. */
  allowHttp: boolean;
  /** Accept loopback and private-network addresses. */
  allowPrivate: boolean;
}

/** The policy production uses: public https:// addresses only. */
export const STRICT_WEBHOOK_POLICY: Readonly<WebhookPolicy> = { allowHttp: false, allowPrivate: false };

/** This process's policy: strict in production, open to local receivers elsewhere. */
export function webhookPolicy(): WebhookPolicy {
  const local = getEnv().NODE_ENV !== "production";
  return { allowHttp: local, allowPrivate: local };
}

/** How long one delivery (or a test send) may take, connect to response headers. */
export const WEBHOOK_TIMEOUT_MS = 3000;
