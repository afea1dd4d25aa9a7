import { closePrisma, closeRedis } from "@tradecraft/db";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { afterAll, describe, expect, it } from "vitest";
import { handleTrpcHttpRequest } from "./http.ts";
import type { AppRouter } from "./root.ts";

const ORIGIN = "http://localhost:3000";

/** Every URL the client fetched, in order. */
const fetched: string[] = [];
const client = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({
      url: `${ORIGIN}/api/trpc`,
      transformer: superjson,
      fetch: (url, init) => {
        fetched.push(String(url));
        return handleTrpcHttpRequest(new Request(url, init));
      },
    }),
  ],
});

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

/** A GET on the tRPC endpoint without the client, to see the status and JSON body a browser would. */
async function get(pathAndQuery: string, headers: Record<string, string> = {}, options?: { allowedOrigins: string[] }) {
  const response = await handleTrpcHttpRequest(new Request(`${ORIGIN}/api/trpc/${pathAndQuery}`, { headers }), options);
  const body = (await response.json()) as Record<string, unknown>;
  return { status: response.status, body };
}

/** The `data` of a tRPC error body (superjson wraps the shape in `json`). */
const errorData = (body: Record<string, unknown>) =>
  (body as { error: { json: { data: Record<string, unknown> } } }).error.json.data;

describe("tRPC over HTTP through @trpc/client", () => {
  it("answers system.status, with serverTime revived as a Date by superjson", async () => {
    const status = await client.system.status.query();
    expect(status).toMatchObject({ name: "Tradecraft", database: "up" });
    expect(status.serverTime).toBeInstanceOf(Date);
    expect(Math.abs(status.serverTime.getTime() - Date.now())).toBeLessThan(5_000);
  });

  it("batches two queries into one request", async () => {
    fetched.length = 0;
    const [status, zone] = await Promise.all([
      client.system.status.query(),
      client.system.timeZone.query({ timeZone: "Asia/Kolkata" }),
    ]);
    expect(status.name).toBe("Tradecraft");
    expect(zone).toMatchObject({ timeZone: "Asia/Kolkata", offsetMinutes: 330 });
    expect(fetched).toHaveLength(1);
    expect(new URL(fetched[0]!).pathname).toBe("/api/trpc/system.status,system.timeZone");
  });

  it("rejects an unknown time zone as BAD_REQUEST with per-field messages and a request id, no internals", async () => {
    const error = await client.system.timeZone.query({ timeZone: "Mars/Olympus" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const clientError = error as TRPCClientError<AppRouter>;
    expect(clientError.message).toBe("Invalid input (timeZone: Not a known IANA time zone (e.g. America/New_York))");
    expect(clientError.data?.code).toBe("BAD_REQUEST");
    expect(clientError.data?.httpStatus).toBe(400);
    expect(clientError.data?.inputErrors?.fieldErrors.timeZone).toEqual([
      "Not a known IANA time zone (e.g. America/New_York)",
    ]);
    expect(clientError.data?.requestId).toEqual(expect.any(String));
    expect(JSON.stringify(clientError.shape)).not.toMatch(/\b(SELECT|INSERT|UPDATE|DELETE)\b/);
  });
});

describe("tRPC over HTTP: raw requests", () => {
  it("refuses a request from another origin with a 403 JSON error carrying a request id", async () => {
    const { status, body } = await get("system.status", { Origin: "https://evil.example" });
    expect(status).toBe(403);
    expect(body).toEqual({
      error: { message: "Cross-origin requests are not allowed.", code: "FORBIDDEN", requestId: expect.any(String) },
    });
  });

  it("refuses Origin: null (sandboxed frames) and cross-site or same-site fetches", async () => {
    expect((await get("system.status", { Origin: "null" })).status).toBe(403);
    expect((await get("system.status", { "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
    expect((await get("system.status", { "Sec-Fetch-Site": "same-site" })).status).toBe(403);
  });

  it("serves its own origin, same-origin fetches, and origins it is told to allow", async () => {
    const own = await get("system.status", { Origin: ORIGIN, "Sec-Fetch-Site": "same-origin" });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ result: { data: { json: { name: "Tradecraft", database: "up" } } } });

    const admin = "https://admin.tradecraft.example";
    expect((await get("system.status", { Origin: admin })).status).toBe(403);
    expect((await get("system.status", { Origin: admin }, { allowedOrigins: [admin] })).status).toBe(200);
  });

  it("answers input that is not JSON with 400 and the request id", async () => {
    const { status, body } = await get("system.timeZone?input=%7Bnot-json");
    expect(status).toBe(400);
    expect(errorData(body)).toMatchObject({
      code: "BAD_REQUEST",
      path: "system.timeZone",
      requestId: expect.any(String),
    });
  });

  it("answers an unknown procedure with 404 NOT_FOUND and the request id", async () => {
    const { status, body } = await get("system.nope");
    expect(status).toBe(404);
    expect(errorData(body)).toMatchObject({ code: "NOT_FOUND", path: "system.nope", requestId: expect.any(String) });
  });
});
