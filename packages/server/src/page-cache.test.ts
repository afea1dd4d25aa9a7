import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { pageCache } from "./page-cache.ts";
import type { FetchHandler } from "./remix-adapter.ts";
import { rawRequest, startTestServer, type TestServer } from "./testing/http-harness.ts";

/** A stand-in page that depends on the viewer (a cookie), their data (a counter) and the URL. */
function fixture() {
  const data: Record<string, number> = { ada: 1, bob: 1 };
  let renders = 0;
  const handler: FetchHandler = async (request, ctx) => {
    renders++;
    const url = new URL(request.url);
    const viewer = /viewer=(\w+)/.exec(request.headers.get("cookie") ?? "")?.[1] ?? "nobody";
    if (url.pathname === "/broken")
      return new Response("<p>oops</p>", { status: 500, headers: { "Content-Type": "text/html" } });
    if (url.pathname === "/json") return Response.json({ viewer });
    const headers = new Headers({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-cache" });
    if (url.searchParams.has("cookie")) headers.append("Set-Cookie", "flash=1; Path=/");
    const body = `<!doctype html><html><head><meta name="request-id" content="${ctx.requestId}"></head><body><h1>${viewer}'s journal v${data[viewer] ?? 0}</h1><p>${url.search}</p><script nonce="${ctx.cspNonce}">1</script><script nonce="${ctx.cspNonce}">2</script>${"<p>row</p>".repeat(200)}</body></html>`;
    return new Response(body, { headers });
  };
  return { data, handler, renders: () => renders };
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(f: ReturnType<typeof fixture>, options: Partial<Parameters<typeof pageCache>[0]> = {}) {
  const cache = pageCache({
    cacheable: (path) => path !== "/not-cached",
    // The viewer and their data version, as memberPageKey would answer.
    identify: async (req) => {
      const viewer = /viewer=(\w+)/.exec(req.headers.cookie ?? "")?.[1];
      return viewer ? `${viewer}:${f.data[viewer]}` : null;
    },
    maxBytes: 1024 * 1024,
    ...options,
  });
  server = await startTestServer({ handler: f.handler, before: [cache] });
  return cache;
}

const get = (path: string, viewer?: string, headers: Record<string, string> = {}) =>
  rawRequest(`${server!.url}${path}`, { headers: { ...(viewer ? { cookie: `viewer=${viewer}` } : {}), ...headers } });

const nonceOf = (csp: string | string[] | undefined) => /'nonce-([^']+)'/.exec(String(csp))?.[1];

describe("page cache", () => {
  it("serves a kept page again with this response's nonce and request id, without rendering", async () => {
    const f = fixture();
    await start(f);
    const first = await get("/app/journal?symbol=AAPL", "ada");
    const second = await get("/app/journal?symbol=AAPL", "ada");
    expect(f.renders()).toBe(1);
    expect([first.headers["x-page-cache"], second.headers["x-page-cache"]]).toEqual(["miss", "hit"]);
    expect(second.status).toBe(200);
    expect(second.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(second.headers["cache-control"]).toBe("private, no-store");
    const [a, b] = [first.body.toString(), second.body.toString()];
    const [nonceA, nonceB] = [
      nonceOf(first.headers["content-security-policy"]),
      nonceOf(second.headers["content-security-policy"]),
    ];
    expect(nonceA).toBeTruthy();
    expect(nonceB).not.toBe(nonceA);
    // The scripts carry the nonce the browser will check, and the page names its own request.
    expect(b.match(/nonce="([^"]+)"/g)).toEqual([`nonce="${nonceB}"`, `nonce="${nonceB}"`]);
    expect(b).toContain(`<meta name="request-id" content="${second.headers["x-request-id"]}">`);
    expect(b).not.toContain(String(nonceA));
    expect(b.replaceAll(nonceB!, "N").replace(/content="[^"]+"/, "")).toBe(
      a.replaceAll(nonceA!, "N").replace(/content="[^"]+"/, ""),
    );
  });

  it("compresses a kept page for each client as it asks, like a rendered one", async () => {
    const f = fixture();
    await start(f);
    const gzipped = await get("/app/journal", "ada", { "accept-encoding": "gzip" });
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    const plain = await get("/app/journal", "ada");
    expect(plain.headers["x-page-cache"]).toBe("hit");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toContain("ada's journal v1");
    const again = await get("/app/journal", "ada", { "accept-encoding": "gzip" });
    expect(again.headers["x-page-cache"]).toBe("hit");
    expect(again.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(again.body).toString()).toContain("ada's journal v1");
  });

  it("renders again once the viewer's data version moves", async () => {
    const f = fixture();
    await start(f);
    await get("/app/journal", "ada");
    f.data.ada = 2;
    const after = await get("/app/journal", "ada");
    expect(after.headers["x-page-cache"]).toBe("miss");
    expect(after.body.toString()).toContain("ada's journal v2");
    expect(f.renders()).toBe(2);
  });

  it("never gives one viewer's page to another, and keeps each URL apart", async () => {
    const f = fixture();
    await start(f);
    await get("/app/journal", "ada");
    const bob = await get("/app/journal", "bob");
    expect(bob.headers["x-page-cache"]).toBe("miss");
    expect(bob.body.toString()).toContain("bob's journal");
    const filtered = await get("/app/journal?side=long", "ada");
    expect(filtered.headers["x-page-cache"]).toBe("miss");
    expect(filtered.body.toString()).toContain("?side=long");
    expect(f.renders()).toBe(3);
  });

  it("renders as usual for signed-out visitors, other methods, data requests and paths it does not cover", async () => {
    const f = fixture();
    await start(f);
    for (let i = 0; i < 2; i++) {
      const anonymous = await get("/app/journal");
      expect(anonymous.headers["x-page-cache"]).toBeUndefined();
      await get("/app/journal?_data=routes%2Fapp.journal._index", "ada");
      await get("/not-cached", "ada");
      await rawRequest(`${server!.url}/app/journal`, { method: "HEAD", headers: { cookie: "viewer=ada" } });
    }
    expect(f.renders()).toBe(8);
  });

  it("keeps only whole 200 HTML pages that set no cookie", async () => {
    const f = fixture();
    await start(f);
    for (let i = 0; i < 2; i++) {
      expect((await get("/broken", "ada")).status).toBe(500);
      await get("/json", "ada");
      const withCookie = await get("/app/journal?cookie=1", "ada");
      expect(withCookie.headers["set-cookie"]).toEqual(["flash=1; Path=/"]);
      expect(withCookie.headers["x-page-cache"]).toBe("miss");
    }
    expect(f.renders()).toBe(6);
  });

  it("does not keep a page that carries a request id the client chose", async () => {
    const f = fixture();
    await start(f);
    await get("/app/journal", "ada", { "x-request-id": "client-chosen-request-1" });
    expect((await get("/app/journal", "ada")).headers["x-page-cache"]).toBe("miss");
    expect((await get("/app/journal", "ada")).headers["x-page-cache"]).toBe("hit");
  });

  it("stands aside when the identity lookup fails", async () => {
    const f = fixture();
    await start(f, {
      identify: async () => {
        throw new Error("database unavailable");
      },
    });
    const response = await get("/app/journal", "ada");
    expect(response.status).toBe(200);
    expect(response.headers["x-page-cache"]).toBeUndefined();
    expect(server!.logs.some((l) => l.msg === "page cache lookup failed; rendering")).toBe(true);
  });

  it("keeps within its memory, dropping the least recently used page first", async () => {
    const f = fixture();
    // Each page is about 2.4 KB of text (kept as ~4.8 KB): room for two.
    const cache = await start(f, { maxBytes: 11_000 });
    await get("/app/journal?p=1", "ada");
    await get("/app/journal?p=2", "ada");
    await get("/app/journal?p=1", "ada"); // p=1 is now the most recently used
    await get("/app/journal?p=3", "ada"); // p=2 goes
    expect(cache.stats().pages).toBe(2);
    expect((await get("/app/journal?p=1", "ada")).headers["x-page-cache"]).toBe("hit");
    expect((await get("/app/journal?p=2", "ada")).headers["x-page-cache"]).toBe("miss");
  });
});
