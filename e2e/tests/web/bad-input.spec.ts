import { expect, test } from "../../fixtures/test.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test("the tRPC endpoint serves the router to same-origin clients", async ({ request }) => {
  const response = await request.get("/api/trpc/system.status");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.result.data.json).toMatchObject({ name: "Tradecraft", database: "up" });
});

test("invalid tRPC input gets 400 with per-field errors and the request id, and no stack", async ({ request }) => {
  const input = encodeURIComponent(JSON.stringify({ json: { timeZone: "Mars/Olympus" } }));
  const response = await request.get(`/api/trpc/system.timeZone?input=${input}`);
  expect(response.status()).toBe(400);
  const { error } = await response.json();
  expect(error.json.data.inputErrors.fieldErrors.timeZone[0]).toMatch(/IANA/);
  expect(error.json.data.requestId).toBe(response.headers()["x-request-id"]);
  expect(error.json.data.stack).toBeUndefined();
});

test("malformed JSON input gets 400, not a crash", async ({ request }) => {
  const response = await request.get("/api/trpc/system.timeZone?input=%7Bnot-json");
  expect(response.status()).toBe(400);
  expect(JSON.stringify(await response.json())).not.toMatch(/\bat .*\.(ts|js):\d+/);
});

test("cross-origin calls to the tRPC endpoint are refused", async ({ request }) => {
  const response = await request.get("/api/trpc/system.status", { headers: { Origin: "https://evil.example" } });
  expect(response.status()).toBe(403);
  expect((await response.json()).error.requestId).toMatch(UUID);
});

test("bodies over 1 MB get 413, as JSON or as a page depending on Accept", async ({ request }) => {
  const big = "x".repeat(1024 * 1024 + 1);
  const json = await request.post("/api/trpc/system.status", {
    data: big,
    headers: { "Content-Type": "application/json", Accept: "application/json" },
  });
  expect(json.status()).toBe(413);
  expect(await json.json()).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE", requestId: expect.stringMatching(UUID) } });

  const html = await request.post("/", { data: big, headers: { "Content-Type": "text/plain", Accept: "text/html" } });
  expect(html.status()).toBe(413);
  expect(html.headers()["content-type"]).toContain("text/html");
  expect(await html.text()).toContain(html.headers()["x-request-id"]!);
});

test("a valid x-request-id is honoured and a forged one replaced", async ({ request }) => {
  const honoured = await request.get("/healthz", { headers: { "x-request-id": "trace-0123456789abcdef" } });
  expect(honoured.headers()["x-request-id"]).toBe("trace-0123456789abcdef");
  for (const forged of ["x".repeat(300), "bad id with spaces", "<script>alert(1)</script>"]) {
    const response = await request.get("/healthz", { headers: { "x-request-id": forged } });
    expect(response.status()).toBe(200);
    expect(response.headers()["x-request-id"]).toMatch(UUID);
  }
});
