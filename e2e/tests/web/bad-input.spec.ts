import { signUp, uniqueEmail } from "../../fixtures/members.ts";
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
  expect(await json.json()).toMatchObject({
    error: { code: "PAYLOAD_TOO_LARGE", requestId: expect.stringMatching(UUID) },
  });

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

// Issue 11, defects 5 and 7: ids and filters from a hand-edited URL. A page named by an id that
// leads nowhere (another member's, unknown, %00) is the 404 page; a bad filter is a 400 page that
// names the field. None is a 500.
test("bad ids in page URLs are the 404 page; bad filters name the field; nothing is a 500", async ({ page }) => {
  await signUp(page, uniqueEmail("bad-input"), "Bea Badinput");

  await page.goto("/app/coach");
  await page.getByRole("button", { name: "Start a conversation" }).click();
  await expect(page).toHaveURL(/\/app\/coach\/[a-z0-9]+$/);
  const conversationUrl = new URL(page.url()).pathname;

  for (const path of [
    "/app/journal/%00",
    "/app/journal/cmunknowntrade0000000000",
    "/app/journal/%00/edit",
    "/app/coach/%00",
    "/app/coach/cmunknownconversation00000",
    `${conversationUrl}x`,
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1 }), path).toHaveText("We couldn't find that page");
  }

  // Percent-encoding that is not UTF-8 (a lone surrogate's bytes) is refused before any route: a 4xx.
  expect((await page.goto("/app/journal/%F0%9F%98%80%ED%A0%80"))?.status()).toBeLessThan(500);

  // The journal and the statistics answer 400 with themselves, the bad filter's field marked (issue 13).
  for (const [path, heading] of [
    ["/app/journal?tag=%00", "Journal"],
    ["/app/journal?from=2026-99-99", "Journal"],
    ["/app/analytics?from=2026-02-30", "Analytics"],
  ]) {
    const response = await page.goto(path!);
    expect(response?.status(), path).toBe(400);
    await expect(page.getByRole("heading", { level: 1 }), path).toHaveText(heading!);
    await expect(page.locator('[aria-invalid="true"]').first(), path).toBeVisible();
  }
  // The CSV export of a refused filter leads to the journal saying which field is wrong.
  const exported = await page.goto("/app/journal/export.csv?symbol=%3Cb%3E");
  expect(exported?.status()).toBe(400);
  await expect(page).toHaveURL(/\/app\/journal\?symbol=%3Cb%3E$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Journal");
  await expect(page.getByLabel("Symbol")).toHaveAttribute("aria-invalid", "true");
  for (const [path, field] of [["/app/analytics?month=0000-01", "month"]] as const) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(400);
    // The analytics page asks four procedures at once; whichever refuses first names the field its way.
    await expect(page.getByText(new RegExp(`(${field}|filters): `)), path).toBeVisible();
  }

  // The page's script posts to the stream; an id that leads nowhere is a 404 it can show.
  const stream = await page.request.post("/app/coach/%00/stream", {
    multipart: { intent: "send", text: "hello", mode: "quick" },
  });
  expect(stream.status()).toBe(404);
  expect(await stream.json()).toMatchObject({ status: 404, message: "That conversation was not found." });
});

test("the tRPC endpoint refuses NUL, unpaired surrogates, bidi names and impossible dates with field errors", async ({
  page,
}) => {
  await signUp(page, uniqueEmail("bad-input-api"), "Bea Badinput");
  const post = async (path: string, json: unknown) => {
    const response = await page.request.post(`/api/trpc/${path}`, {
      data: { json },
      headers: { "Content-Type": "application/json" },
    });
    return {
      status: response.status(),
      fields: (await response.json()).error?.json.data.inputErrors?.fieldErrors ?? {},
    };
  };
  expect(await post("accounts.create", { name: "a\u0000b" })).toEqual({
    status: 400,
    fields: { name: ["Must not contain control characters or unpaired surrogates"] },
  });
  expect(await post("accounts.create", { name: "a\ud800b" })).toEqual({
    status: 400,
    fields: { name: ["Must not contain control characters or unpaired surrogates"] },
  });
  expect((await post("setups.create", { name: "Bob\u202Egnp.exe" })).fields).toEqual({
    name: ["Must not contain invisible or text-direction characters (such as U+202E or U+200B)"],
  });
  const trade = { accountId: "x", symbol: "AAPL", direction: "long", quantity: "1", entryPrice: "1" };
  expect((await post("journal.create", { ...trade, entryAt: "99999-12-31" })).fields.entryAt).toEqual([
    "Entry time must be a date like 2026-03-02 or a date-time like 2026-03-02T14:30:00Z",
  ]);
  expect((await post("journal.create", { ...trade, entryAt: "2026-02-30" })).status).toBe(400);
});
