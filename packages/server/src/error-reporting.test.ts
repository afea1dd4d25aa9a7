import http from "node:http";
import { afterEach, describe, expect, it, vi } from "vitest";
import { handleRemixError } from "./error-reporting.ts";
import { startTestServer, type TestServer } from "./testing/http-harness.ts";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("handleRemixError (Remix's handleError)", () => {
  it("logs a render error as one JSON line with the request id and the path, not the query", async () => {
    server = await startTestServer({
      handler: async (request) => {
        handleRemixError(new Error("loader exploded"), { request });
        return new Response("error page", { status: 500 });
      },
    });
    const response = await fetch(`${server.url}/reset-password?token=SECRETRESET`);
    expect(response.status).toBe(500);

    const logs = server.logs;
    const line = await vi.waitFor(() => {
      const found = logs.find((l) => l.msg === "unhandled error while rendering");
      if (!found) throw new Error("not logged yet");
      return found as typeof found & { err: { message: string } };
    });
    expect(line).toMatchObject({ level: "error", requestId: response.headers.get("x-request-id") });
    expect(line.url).toBe("/reset-password");
    expect(line.err.message).toBe("loader exploded");
    expect(server.rawLogs()).not.toContain("SECRETRESET");
  });

  it("stays quiet about errors caused by the client going away", async () => {
    let reported = false;
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    server = await startTestServer({
      handler: async (request) => {
        started();
        await new Promise<void>((resolve) => request.signal.addEventListener("abort", () => resolve()));
        handleRemixError(new Error("The operation was aborted"), { request });
        reported = true;
        return new Response(null, { status: 500 });
      },
    });
    const req = http.get(`${server.url}/journal`, { agent: false });
    req.on("error", () => {});
    // Hang up only once the request is being handled (a loaded machine may take a while to get there).
    await handlerStarted;
    req.destroy();

    await vi.waitFor(() => expect(reported).toBe(true), { timeout: 10_000 });
    expect(server.logs.filter((l) => l.msg === "unhandled error while rendering")).toEqual([]);
  });
});
