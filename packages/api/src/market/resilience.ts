// One place where provider calls get their retries, per-attempt timeout, circuit breaker and
// Retry-After handling (STYLE.md: "retries, breakers and caches wrap them in one place"), and the
// one JSON fetch every provider client uses, so every failure becomes a ProviderError.
//
// Order: retry ⟶ breaker ⟶ timeout ⟶ fetch. The breaker counts each attempt, so a provider that is
// down opens it within two calls instead of five fully retried ones; a call refused by an open
// breaker is never retried. The breaker is cockatiel's; the retry loop is ours because cockatiel's
// RetryPolicy sleeps on the global setTimeout, and tests must prove the 1 s/2 s/4 s schedule with an
// injected sleep rather than by waiting. cockatiel reads Date.now() for halfOpenAfter, so tests
// fake only Date (vi.useFakeTimers({ toFake: ["Date"] })) to move past the 30 s.
import { type Logger, observeProviderCall, watchCircuit } from "@tradecraft/config";
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen } from "cockatiel";
import type { z } from "zod";
import { ProviderError, type ProviderHealth, type ProviderName } from "./types.ts";

/** A 429: `retryAfterMs` is the provider's Retry-After, null when it sent none. */
export class RateLimitedError extends ProviderError {
  constructor(
    provider: ProviderName,
    readonly retryAfterMs: number | null,
  ) {
    super(provider, "rate-limited", `${provider} rate-limited the request`, 429);
  }
}

class CallerAbortError extends Error {
  constructor() {
    super("the caller aborted the request");
    this.name = "AbortError";
  }
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;
export type FetchLike = typeof fetch;

export interface ResilienceOptions {
  provider: ProviderName;
  logger: Logger;
  /** Per attempt (MARKET_TIMEOUT_MS). */
  timeoutMs?: number;
  now?: () => number;
  sleep?: Sleep;
  /** In [0, 1); the jitter source (Math.random by default). */
  random?: () => number;
  /** Longest Retry-After waited inside one call; longer ones fail the call as rate-limited. */
  maxRetryAfterMs?: number;
}

export interface Resilience {
  /** Runs `attempt` with retries, the breaker and a per-attempt timeout; throws only ProviderError. */
  execute<T>(attempt: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
  health(): ProviderHealth;
}

export const RETRY_BASE_MS = 1000;
export const MAX_RETRIES = 3;
export const BREAKER_THRESHOLD = 5;
export const HALF_OPEN_AFTER_MS = 30_000;
/** ±20 %: retries of many members' requests spread out instead of arriving together. */
export const JITTER = 0.2;

/** What createMassiveProvider and createCoinGeckoProvider take. */
export interface ProviderOptions {
  apiKey?: string;
  baseUrl: string;
  timeoutMs?: number;
  logger: Logger;
  now?: () => number;
  fetch?: FetchLike;
  sleep?: Sleep;
  random?: () => number;
}

/** The wait before retry number `retry` (1-based): 1 s, 2 s, 4 s, each ±JITTER. */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  const base = RETRY_BASE_MS * 2 ** (retry - 1);
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/** Retry-After in ms from its seconds or HTTP-date form; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Whether another attempt may help: the network, a timeout or the provider's own 5xx. Never a 4xx. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof ProviderError)) return false;
  if (error.kind === "network" || error.kind === "timeout") return true;
  return error.kind === "http" && error.status !== null && error.status >= 500;
}

// Failures that say the provider is unwell (429 too: hammering it on does not help).
const countsForBreaker = (error: unknown) =>
  isRetryable(error) || (error instanceof ProviderError && error.kind === "rate-limited");

const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** A provider's retry/timeout/breaker policy with its health (one per provider instance). */
export function createResilience(options: ResilienceOptions): Resilience {
  const {
    provider,
    logger,
    timeoutMs = 10_000,
    now = () => Date.now(),
    sleep = realSleep,
    random = Math.random,
  } = options;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 5_000;
  const breaker = circuitBreaker(handleWhen(countsForBreaker), {
    halfOpenAfter: HALF_OPEN_AFTER_MS,
    breaker: new ConsecutiveBreaker(BREAKER_THRESHOLD),
  });
  let lastError: string | null = null;
  let lastErrorAt: number | null = null;
  let rateLimitedUntil = 0;
  let openedAt: number | null = null;
  breaker.onBreak(() => {
    openedAt = Date.now();
    logger.warn({ provider }, "market provider circuit opened");
  });
  breaker.onReset(() => logger.info({ provider }, "market provider circuit closed"));

  async function attemptOnce<T>(attempt: (signal: AbortSignal) => Promise<T>, outer?: AbortSignal): Promise<T> {
    if (now() < rateLimitedUntil) {
      throw new ProviderError(
        provider,
        "rate-limited",
        `${provider} asked us to wait until ${new Date(rateLimitedUntil).toISOString()}`,
        429,
      );
    }
    try {
      return await breaker.execute(async () => {
        const controller = new AbortController();
        const timer = setTimeout(
          () =>
            controller.abort(
              new ProviderError(provider, "timeout", `${provider} did not answer within ${timeoutMs} ms`),
            ),
          timeoutMs,
        );
        const onOuterAbort = () => controller.abort(outer?.reason);
        outer?.addEventListener("abort", onOuterAbort, { once: true });
        try {
          return await observeProviderCall(provider, attempt(controller.signal));
        } catch (error) {
          if (controller.signal.reason instanceof ProviderError) throw controller.signal.reason;
          // The caller gave up (the member left): not the provider's fault, so not for the breaker.
          if (outer?.aborted) throw new CallerAbortError();
          throw error;
        } finally {
          clearTimeout(timer);
          outer?.removeEventListener("abort", onOuterAbort);
        }
      });
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        throw new ProviderError(
          provider,
          "circuit-open",
          `${provider} is failing; calls are paused for up to ${HALF_OPEN_AFTER_MS / 1000} s`,
        );
      }
      throw error;
    }
  }

  async function execute<T>(attempt: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (let retry = 0; ; retry++) {
      try {
        return await attemptOnce(attempt, signal);
      } catch (raw) {
        const error =
          raw instanceof ProviderError
            ? raw
            : new ProviderError(
                provider,
                "network",
                `${provider}: ${raw instanceof Error ? raw.name : "request failed"}`,
              );
        if (signal?.aborted) throw error;
        if (error.kind !== "circuit-open") {
          lastError = `${error.kind}: ${error.message}`.slice(0, 300);
          lastErrorAt = now();
        }
        let wait: number;
        if (error instanceof RateLimitedError) {
          // Until then every call fails fast without a request: the provider asked not to be hammered.
          wait = error.retryAfterMs ?? backoffDelay(retry + 1, random);
          rateLimitedUntil = now() + wait;
          if (wait > maxRetryAfterMs) throw error;
        }
        if (retry >= MAX_RETRIES) throw error;
        if (error instanceof RateLimitedError) {
          wait = rateLimitedUntil - now();
        } else if (isRetryable(error)) {
          wait = backoffDelay(retry + 1, random);
        } else {
          throw error;
        }
        logger.info(
          { provider, kind: error.kind, status: error.status, retry: retry + 1, waitMs: wait },
          "market provider retry",
        );
        await sleep(wait, signal);
      }
    }
  }

  // cockatiel moves Open → HalfOpen only when a call arrives; health reports it as due already.
  const circuit = (): ProviderHealth["circuit"] => {
    if (breaker.state === CircuitState.HalfOpen) return "half-open";
    if (breaker.state === CircuitState.Closed) return "closed";
    return breaker.state === CircuitState.Open && openedAt !== null && Date.now() - openedAt >= HALF_OPEN_AFTER_MS
      ? "half-open"
      : "open";
  };

  watchCircuit(provider, circuit);
  return { execute, health: () => ({ provider, circuit: circuit(), lastError, lastErrorAt }) };
}

/** The largest answer read (a year of minute bars is ~15 MB); a bigger one is "malformed", never buffered whole. */
export const MAX_BODY_BYTES = 20_000_000;

// Reads the body up to MAX_BODY_BYTES; null when it is longer (the rest is cancelled, not read).
async function boundedText(response: Response, limit: number): Promise<string | null> {
  if (!response.body) return "";
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > limit) {
    await response.body.cancel();
    return null;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) {
      await response.body.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export interface FetchJsonOptions {
  provider: ProviderName;
  logger: Logger;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  fetch?: FetchLike;
  now?: () => number;
  /** MAX_BODY_BYTES unless a test wants a small one. */
  maxBodyBytes?: number;
}

/**
 * GETs `url` and parses its JSON with `schema`. Non-2xx → "http" (404 "not-found", 429
 * RateLimitedError), unreadable or unexpected JSON → "malformed" with one warn line naming the
 * provider and path (never the query or headers: keys may travel there), network → "network".
 */
export async function fetchJson<S extends z.ZodType>(
  url: string,
  schema: S,
  options: FetchJsonOptions,
): Promise<z.output<S>> {
  const { provider, logger, signal, headers = {}, fetch: doFetch = fetch, now = () => Date.now() } = options;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const path = new URL(url).pathname;
  let response: Response;
  let text: string | null;
  try {
    response = await doFetch(url, { headers: { accept: "application/json", ...headers }, signal, redirect: "error" });
    text = await boundedText(response, maxBodyBytes);
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    if (signal?.aborted && signal.reason instanceof ProviderError) throw signal.reason;
    throw new ProviderError(
      provider,
      "network",
      `${provider} ${path}: ${error instanceof Error ? error.name : "network error"}`,
    );
  }
  if (response.status === 429)
    throw new RateLimitedError(provider, parseRetryAfter(response.headers.get("retry-after"), now()));
  if (response.status === 404) throw new ProviderError(provider, "not-found", `${provider} ${path}: not found`, 404);
  if (!response.ok)
    throw new ProviderError(provider, "http", `${provider} ${path}: HTTP ${response.status}`, response.status);
  let json: unknown;
  try {
    if (text === null) throw new Error(`body over ${maxBodyBytes} bytes`);
    json = JSON.parse(text);
  } catch (error) {
    logger.warn(
      { provider, path, reason: error instanceof Error ? error.message.slice(0, 200) : "unreadable" },
      "market provider answered invalid JSON",
    );
    throw new ProviderError(provider, "malformed", `${provider} ${path}: invalid JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`);
    logger.warn({ provider, path, issues }, "market provider answered an unexpected shape");
    throw new ProviderError(provider, "malformed", `${provider} ${path}: unexpected response (${issues.join("; ")})`);
  }
  return parsed.data;
}
