import { AsyncLocalStorage } from "node:async_hooks";
import { type Dependency, unavailableDependencyOf } from "./dependency-errors.ts";
import type { Logger } from "./logger.ts";

export type AppName = "web" | "admin";

/** What the HTTP server knows about the request being handled. */
export interface RequestFacts {
  requestId: string;
  ip: string;
  app: AppName;
  logger: Logger;
  /** Headers the response must carry whatever route answers (session cookies set by the API). */
  responseHeaders: Headers;
  /** Set when the request met a dependency that is down: its error answers 503, not 500. */
  unavailable?: Dependency;
}

/**
 * Records that the current request failed because `error` says a dependency is down; returns
 * which one (or null, for an error of any other kind).
 */
export function noteUnavailable(error: unknown): Dependency | null {
  const dependency = unavailableDependencyOf(error);
  const facts = storage.getStore();
  if (dependency && facts) facts.unavailable ??= dependency;
  return dependency;
}

const storage = new AsyncLocalStorage<RequestFacts>();

/** Runs `fn` with the request's facts available to everything it calls (loaders included). */
export function runWithRequestFacts<T>(facts: RequestFacts, fn: () => T): T {
  return storage.run(facts, fn);
}

/** The facts of the request being handled, or undefined outside a request. */
export function currentRequestFacts(): RequestFacts | undefined {
  return storage.getStore();
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** True for an incoming x-request-id we can safely echo and log (8–128 chars of [A-Za-z0-9._:-]). */
export function isValidRequestId(value: string | undefined | null): value is string {
  return typeof value === "string" && REQUEST_ID.test(value);
}
