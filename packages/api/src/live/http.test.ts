// live.ticker over HTTP as a browser's EventSource asks for it: a signed-out browser gets a plain
// 401 and no stream; a member gets an event stream (never cached) that opens with "connected".
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, describe, expect, it } from "vitest";
import { createSession } from "../auth/session.service.ts";
import { handleTrpcHttpRequest } from "../http.ts";
import { newMember } from "../testing/members.ts";
import { getTickerHub } from "./index.ts";

afterAll(async () => {
  await getTickerHub().stop();
  await closePrisma();
  await closeRedis();
});

const URL = "http://localhost:3000/api/trpc/live.ticker";

describe("live.ticker over HTTP", () => {
  it("answers a signed-out browser 401 with JSON, not an event stream", async () => {
    for (const cookie of [undefined, "tc_session=not-a-real-token", `tc_session=${"a".repeat(32)}`]) {
      const response = await handleTrpcHttpRequest(
        new Request(URL, { headers: { accept: "text/event-stream", ...(cookie ? { cookie } : {}) } }),
      );
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(await response.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    }
  });

  it("streams server-sent events to a member, uncached, starting with 'connected'", async () => {
    const { user } = await newMember({ label: "sse" });
    const { token } = await createSession(getPrisma(), { userId: user.id, app: "web" });
    const controller = new AbortController();
    const response = await handleTrpcHttpRequest(
      new Request(URL, {
        headers: { accept: "text/event-stream", cookie: `tc_session=${token}` },
        signal: controller.signal,
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("cache-control")).toContain("no-cache");
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain("event: connected");
    await reader.cancel();
    controller.abort();
  });
});
