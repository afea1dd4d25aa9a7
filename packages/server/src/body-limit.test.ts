import { createHash, randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { rawRequest, startTestServer, type TestServer } from "./testing/http-harness.ts";
import type { FetchHandler } from "./remix-adapter.ts";

const LIMIT = 1024;

/** Stands in for a Remix action: answers with the size and hash of the body it received. */
const digestHandler: FetchHandler = async (request) => {
  const body = Buffer.from(await request.arrayBuffer());
  return Response.json({ bytes: body.length, sha256: createHash("sha256").update(body).digest("hex") });
};

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("request body limit", () => {
  it("upload routes take the larger limit they are given; every other route keeps the default", async () => {
    server = await startTestServer({
      bodyLimitBytes: LIMIT,
      largeBodies: [{ prefix: "/app/journal/import", bytes: 4 * LIMIT }],
      handler: digestHandler,
    });
    const body = randomBytes(3 * LIMIT);
    const upload = await fetch(`${server.url}/app/journal/import`, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body,
    });
    expect(upload.status).toBe(200);
    expect(await upload.json()).toEqual({
      bytes: body.length,
      sha256: createHash("sha256").update(body).digest("hex"),
    });
    const tooBig = await fetch(`${server.url}/app/journal/import`, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body: randomBytes(4 * LIMIT + 1),
    });
    expect(tooBig.status).toBe(413);
    const elsewhere = await fetch(`${server.url}/app/journal/new`, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body,
    });
    expect(elsewhere.status).toBe(413);
  });

  it("a pattern names upload routes with an id in the path (a trade page), and only those", async () => {
    server = await startTestServer({
      bodyLimitBytes: LIMIT,
      largeBodies: [{ prefix: /^\/app\/journal\/[^/]+$/, bytes: 4 * LIMIT }],
      handler: digestHandler,
    });
    const body = randomBytes(3 * LIMIT);
    const upload = await fetch(`${server.url}/app/journal/cm1trade`, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body,
    });
    expect(upload.status).toBe(200);
    const deeper = await fetch(`${server.url}/app/journal/cm1trade/edit`, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body,
    });
    expect(deeper.status).toBe(413);
  });

  it("answers 413 JSON to a declared Content-Length over the limit, without calling the handler", async () => {
    server = await startTestServer({ bodyLimitBytes: LIMIT, handler: digestHandler });
    const response = await fetch(`${server.url}/journal/new`, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body: randomBytes(LIMIT + 1),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const requestId = response.headers.get("x-request-id");
    expect(await response.json()).toEqual({
      error: { code: "PAYLOAD_TOO_LARGE", message: "Request body is larger than 1 KB", requestId },
    });
    expect(server.handlerCalls()).toBe(0);
  });

  it("shows browsers an HTML page with the request id as the reference", async () => {
    server = await startTestServer({ bodyLimitBytes: LIMIT, handler: digestHandler });
    const response = await fetch(`${server.url}/journal/new`, {
      method: "POST",
      headers: { Accept: "text/html,application/xhtml+xml,*/*;q=0.8" },
      body: "x".repeat(LIMIT * 4),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain("413");
    expect(page).toContain(response.headers.get("x-request-id")!);
    expect(server.handlerCalls()).toBe(0);
  });

  it("stops a chunked upload without Content-Length once it passes the limit", async () => {
    server = await startTestServer({ bodyLimitBytes: LIMIT, handler: digestHandler });
    const response = await rawRequest(`${server.url}/upload`, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      chunks: Array.from({ length: 6 }, () => randomBytes(400)),
    });
    expect(response.status).toBe(413);
    const body = JSON.parse(response.body.toString()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(body.error.requestId).toBe(response.headers["x-request-id"]);
    expect(server.handlerCalls()).toBe(0);
  });

  it("passes a body of exactly the limit to the handler intact", async () => {
    server = await startTestServer({ bodyLimitBytes: LIMIT, handler: digestHandler });
    const payload = randomBytes(LIMIT);
    const response = await fetch(`${server.url}/upload`, { method: "POST", body: payload });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      bytes: LIMIT,
      sha256: createHash("sha256").update(payload).digest("hex"),
    });
    expect(server.handlerCalls()).toBe(1);
  });

  it("passes a chunked body of exactly the limit to the handler intact", async () => {
    server = await startTestServer({ bodyLimitBytes: LIMIT, handler: digestHandler });
    const chunks = [randomBytes(500), randomBytes(500), randomBytes(24)];
    const response = await rawRequest(`${server.url}/upload`, { method: "POST", chunks });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({
      bytes: LIMIT,
      sha256: createHash("sha256").update(Buffer.concat(chunks)).digest("hex"),
    });
  });

  it("keeps serving requests on the same server after rejecting an oversized one", async () => {
    server = await startTestServer({ bodyLimitBytes: LIMIT, handler: digestHandler });
    const rejected = await fetch(`${server.url}/upload`, { method: "POST", body: "y".repeat(LIMIT * 8) });
    expect(rejected.status).toBe(413);
    await rejected.arrayBuffer();
    const accepted = await fetch(`${server.url}/upload`, { method: "POST", body: "ok" });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ bytes: 2 });
  });
});
