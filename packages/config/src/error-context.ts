import { currentRequestFacts, type RequestFacts } from "./request-context.ts";

/** A step worth knowing when an error is reported later in the same request (never PII). */
export interface Breadcrumb {
  category: string;
  message: string;
  data?: Record<string, string | number | boolean | null>;
}

/** What an error reporter (Sentry) receives outside a request: jobs, start-up. */
export interface ErrorContextSink {
  addBreadcrumb(crumb: Breadcrumb & { timestamp: number }): void;
}

interface RequestErrorContext {
  userId: string | null;
  breadcrumbs: (Breadcrumb & { timestamp: number })[];
}

// Keyed by the request's facts: one entry per request, gone with it, whatever the reporter's own
// scope handling does in a bundled server (no reporter SDK import is needed here).
const perRequest = new WeakMap<RequestFacts, RequestErrorContext>();
const MAX_BREADCRUMBS = 50;
let sink: ErrorContextSink | undefined;

/** Lets the error reporter receive breadcrumbs made outside a request; `undefined` turns that off. */
export function setErrorContextSink(next: ErrorContextSink | undefined): void {
  sink = next;
}

function contextOf(facts: RequestFacts): RequestErrorContext {
  let context = perRequest.get(facts);
  if (!context) {
    context = { userId: null, breadcrumbs: [] };
    perRequest.set(facts, context);
  }
  return context;
}

/** Records a step (a trade created, an import committed) for an error reported later; a no-op when nothing listens. */
export function addBreadcrumb(crumb: Breadcrumb): void {
  const stamped = { ...crumb, timestamp: Date.now() / 1000 };
  const facts = currentRequestFacts();
  if (!facts) return sink?.addBreadcrumb(stamped);
  const { breadcrumbs } = contextOf(facts);
  breadcrumbs.push(stamped);
  if (breadcrumbs.length > MAX_BREADCRUMBS) breadcrumbs.shift();
}

/** Names the signed-in user of the current request by id only (never email, name or IP). */
export function setErrorUser(userId: string | null): void {
  const facts = currentRequestFacts();
  if (facts) contextOf(facts).userId = userId;
}

/** The current request's user id and breadcrumbs, for the error reporter. */
export function currentErrorContext(): RequestErrorContext | undefined {
  const facts = currentRequestFacts();
  return facts ? perRequest.get(facts) : undefined;
}
