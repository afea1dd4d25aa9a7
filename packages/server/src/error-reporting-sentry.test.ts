// The real Sentry SDK against a local ingest that speaks its envelope protocol: what an operator
// sees in Sentry for a failing loader, and what a member's privacy relies on never being there.
import { addBreadcrumb, setErrorUser } from "@tradecraft/config";
import { type SentryStub, type SentryStubEvent, startSentryStub } from "@tradecraft/testing/sentry-stub";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  browserErrorReporting,
  closeErrorReporting,
  handleRemixError,
  initErrorReporting,
  isExpectedError,
} from "./error-reporting.ts";
import { contentSecurityPolicy } from "./security-headers.ts";
import { startTestServer, type TestServer } from "./testing/http-harness.ts";

let stub: SentryStub;
let server: TestServer;
const EMAIL = "morgan@example.test";
const SESSION = "tc_session=SESSIONSECRET123";

/** A loader-like handler: resolves the session, notes a step, then fails as `?fail=` says. */
async function loaderLike(request: Request): Promise<Response> {
  const url = new URL(request.url);
  setErrorUser(url.searchParams.get("user"));
  addBreadcrumb({ category: "journal", message: "trade created", data: { tradeId: "trade_1" } });
  const errors: Record<string, () => unknown> = {
    bug: () => new Error(`loader exploded for ${url.searchParams.get("user")}`),
    notFound: () => new TRPCError({ code: "NOT_FOUND", message: "No such trade" }),
    badRequest: () => new TRPCError({ code: "BAD_REQUEST", message: "Entry price must be positive" }),
    rateLimited: () => new TRPCError({ code: "TOO_MANY_REQUESTS", message: "Slow down" }),
    quota: () => new TRPCError({ code: "FORBIDDEN", message: "You have used this month's gradings" }),
    unconfirmed: () => new TRPCError({ code: "FORBIDDEN", message: "Confirm your email address first" }),
    signedOut: () => new TRPCError({ code: "UNAUTHORIZED", message: "Sign in" }),
    zod: () => z.object({ entryPrice: z.number() }).safeParse({ entryPrice: "x" }).error,
    response404: () => new Response("Not found", { status: 404 }),
  };
  const error = errors[url.searchParams.get("fail") ?? "bug"]!();
  handleRemixError(error, { request });
  return new Response("error page", { status: 500 });
}

beforeAll(async () => {
  stub = await startSentryStub();
  await initErrorReporting({
    dsn: stub.dsn,
    environment: "test",
    release: "tradecraft-web@9.9.9",
    tracesSampleRate: 1,
  });
  server = await startTestServer({ handler: loaderLike });
});
afterAll(async () => {
  await server?.close();
  await closeErrorReporting();
  await stub?.close();
});

const messageOf = (event: SentryStubEvent) => event.exception?.values?.[0]?.value ?? "";

async function failingRequest(query: string) {
  return fetch(`${server.url}/app/journal?${query}&token=RESETSECRET`, {
    headers: {
      Cookie: SESSION,
      Authorization: "Bearer APITOKENSECRET",
      "X-Forwarded-For": "203.0.113.7",
      "X-Member-Email": EMAIL,
    },
  });
}

describe("error reporting to Sentry", () => {
  it("sends a loader error with the request id, release, environment and the user's id only", async () => {
    const response = await failingRequest("user=user_42");
    expect(response.status).toBe(500);
    const [event] = await stub.waitForEvents((e) => messageOf(e) === "loader exploded for user_42");

    expect(event!.tags).toMatchObject({ requestId: response.headers.get("x-request-id"), app: "web" });
    expect(event!.release).toBe("tradecraft-web@9.9.9");
    expect(event!.environment).toBe("test");
    expect(event!.user).toEqual({ id: "user_42" });
    const crumbs = Array.isArray(event!.breadcrumbs) ? event!.breadcrumbs : [];
    expect(crumbs).toContainEqual(
      expect.objectContaining({ category: "journal", message: "trade created", data: { tradeId: "trade_1" } }),
    );
    // Nothing personal or secret anywhere in what reached Sentry (events, transactions, sessions).
    const everything = JSON.stringify(stub.items);
    for (const secret of ["SESSIONSECRET123", "APITOKENSECRET", "RESETSECRET", "203.0.113.7", EMAIL]) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).not.toMatch(/"ip_address"|"cookies"/);
    expect(stub.rejected).toEqual([]);
  });

  it("keeps each request's user to its own event when requests overlap", async () => {
    await Promise.all(["user_a", "user_b", "user_c"].map((user) => failingRequest(`user=${user}`)));
    for (const user of ["user_a", "user_b", "user_c"]) {
      const [event] = await stub.waitForEvents((e) => messageOf(e) === `loader exploded for ${user}`);
      expect(event!.user).toEqual({ id: user });
    }
  });

  it("does not report refusals a member is meant to get: 404, bad input, rate limit, quota, unconfirmed email, signed out", async () => {
    const expected = [
      "notFound",
      "badRequest",
      "rateLimited",
      "quota",
      "unconfirmed",
      "signedOut",
      "zod",
      "response404",
    ];
    for (const fail of expected) await failingRequest(`user=user_quiet&fail=${fail}`);
    // A real bug after them: once it has arrived, anything sent before it has too.
    await failingRequest("user=user_marker");
    await stub.waitForEvents((e) => messageOf(e) === "loader exploded for user_marker");
    expect(stub.events.filter((e) => (e.user as { id?: string } | undefined)?.id === "user_quiet")).toEqual([]);
    expect(server.logs.filter((l) => l.msg === "expected error while rendering")).toHaveLength(expected.length);
  });

  it("tells an internal error from a refusal", () => {
    expect(isExpectedError(new TRPCError({ code: "INTERNAL_SERVER_ERROR" }))).toBe(false);
    expect(isExpectedError(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isExpectedError(new Response(null, { status: 503 }))).toBe(false);
    expect(isExpectedError(new TRPCError({ code: "FORBIDDEN" }))).toBe(true);
  });

  it("lets the browser report to the DSN's origin: its settings for the root loader and connect-src", () => {
    expect(browserErrorReporting()).toEqual({
      dsn: stub.dsn,
      environment: "test",
      release: "tradecraft-web@9.9.9",
      tracesSampleRate: 1,
    });
    const policy = contentSecurityPolicy("nonce", { isProduction: true, appUrl: "https://tradecraft.test" });
    expect(policy).toContain(`connect-src 'self' ${stub.url}`);
  });
});
