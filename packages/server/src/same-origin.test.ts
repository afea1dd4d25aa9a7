import { afterEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./testing/http-harness.ts";

let harness: TestServer | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe("cross-site request protection", () => {
  it("refuses a POST from another site with 403 before the handler runs", async () => {
    harness = await startTestServer({ appUrl: "https://tradecraft.example" });
    const response = await fetch(`${harness.url}/logout`, {
      method: "POST",
      headers: { Origin: "https://evil.example", Accept: "application/json" },
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("FORBIDDEN");
    expect(harness.handlerCalls()).toBe(0);
  });

  it("judges by Referer when Origin is absent, and refuses Origin: null", async () => {
    harness = await startTestServer({ appUrl: "https://tradecraft.example" });
    const viaReferer = await fetch(`${harness.url}/logout`, {
      method: "POST",
      headers: { Referer: "https://evil.example/page" },
    });
    expect(viaReferer.status).toBe(403);
    const nullOrigin = await fetch(`${harness.url}/logout`, { method: "POST", headers: { Origin: "null" } });
    expect(nullOrigin.status).toBe(403);
    expect(harness.handlerCalls()).toBe(0);
  });

  it("lets through the app's own origin, the configured APP_URL, safe methods, and header-less clients", async () => {
    harness = await startTestServer({ appUrl: "https://tradecraft.example" });
    const own = await fetch(`${harness.url}/x`, { method: "POST", headers: { Origin: harness.url } });
    const configured = await fetch(`${harness.url}/x`, {
      method: "POST",
      headers: { Origin: "https://tradecraft.example" },
    });
    const get = await fetch(`${harness.url}/x`, { headers: { Origin: "https://evil.example" } });
    const bare = await fetch(`${harness.url}/x`, { method: "POST" });
    expect([own.status, configured.status, get.status, bare.status]).toEqual([200, 200, 200, 200]);
    expect(harness.handlerCalls()).toBe(4);
  });
});
