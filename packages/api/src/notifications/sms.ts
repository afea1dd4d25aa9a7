// The text-message provider: any Twilio-compatible REST API (Twilio's own Messages resource, or a
// local stub). Thin and typed: one request, its answer checked with zod, and an outcome that says
// whether trying again could help. No database and no retries here: the sms-deliver job decides.
import { type Env, getEnv } from "@tradecraft/config";
import { z } from "zod";

/** Whole request budget for one message; the provider answers in well under a second. */
export const SMS_TIMEOUT_MS = 5_000;

/** Twilio refuses longer bodies than 1,600 characters; ours are far shorter (sms-job.ts). */
const MAX_BODY_LENGTH = 1_600;
const MAX_ERROR_LENGTH = 200;

export interface SmsConfig {
  /** The provider's base URL, e.g. https://api.twilio.com. */
  url: string;
  accountSid: string;
  authToken: string;
  /** The sender number (E.164) or sender id. */
  from: string;
}

/** The process's SMS settings, or null unless all four SMS_* variables are set (then SMS is not offered). */
export function smsConfigFromEnv(env: Env = getEnv()): SmsConfig | null {
  const { SMS_PROVIDER_URL: url, SMS_ACCOUNT_SID: accountSid, SMS_AUTH_TOKEN: authToken, SMS_FROM: from } = env;
  return url && accountSid && authToken && from ? { url, accountSid, authToken, from } : null;
}

/** True when members may be texted (every SMS_* variable is set). */
export const isSmsConfigured = (env: Env = getEnv()) => smsConfigFromEnv(env) !== null;

// Twilio answers a created message with many fields; these two are all we keep.
const MessageCreatedSchema = z.object({ sid: z.string().min(1).max(100), status: z.string().min(1).max(50) });
// Its error answers carry a numeric code and a message (https://www.twilio.com/docs/api/errors).
const ProviderErrorSchema = z.object({ code: z.number().optional(), message: z.string().optional() });

export type SmsSendResult =
  | { ok: true; sid: string; status: string }
  | {
      ok: false;
      /** The provider's HTTP status, or null when no answer came. */
      httpStatus: number | null;
      /** True when the same request may succeed later (timeouts, connection errors, 429, 5xx). */
      retryable: boolean;
      error: string;
    };

const failure = (httpStatus: number | null, retryable: boolean, error: string): SmsSendResult => ({
  ok: false,
  httpStatus,
  retryable,
  error: error.slice(0, MAX_ERROR_LENGTH),
});

/** Sends one text through the provider's Messages resource and classifies the outcome; never throws. */
export async function sendSms(
  config: SmsConfig,
  { to, body }: { to: string; body: string },
  { timeoutMs = SMS_TIMEOUT_MS }: { timeoutMs?: number } = {},
): Promise<SmsSendResult> {
  const endpoint = new URL(
    `/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`,
    config.url,
  ).toString();
  const auth = Buffer.from(`${config.accountSid}:${config.authToken}`).toString("base64");
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: "POST",
      headers: {
        authorization: `Basic ${auth}`,
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: new URLSearchParams({ To: to, From: config.from, Body: body.slice(0, MAX_BODY_LENGTH) }).toString(),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const e = error as { name?: string; cause?: { code?: string; message?: string }; message?: string };
    if (e.name === "TimeoutError") return failure(null, true, `Timed out after ${timeoutMs} ms`);
    // Connection refused or reset, DNS, TLS: the provider may be back later.
    return failure(null, true, e.cause?.code ?? e.cause?.message ?? e.message ?? "Request failed");
  }

  const json: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const parsed = MessageCreatedSchema.safeParse(json);
    // A 2xx we cannot read may still have sent the text: retrying could send it twice, so it is final.
    if (!parsed.success) return failure(response.status, false, "Unexpected answer from the SMS provider");
    return { ok: true, sid: parsed.data.sid, status: parsed.data.status };
  }
  const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
  const detail = ProviderErrorSchema.safeParse(json);
  const message = detail.success && detail.data.message ? `: ${detail.data.message}` : "";
  const code = detail.success && detail.data.code !== undefined ? ` (${detail.data.code})` : "";
  return failure(response.status, retryable, `HTTP ${response.status}${code}${message}`);
}
