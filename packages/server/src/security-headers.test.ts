import { afterEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./testing/http-harness.ts";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The directives of a CSP header, by name. */
function directives(csp: string | null): Map<string, string[]> {
  expect(csp, "Content-Security-Policy header").toBeTruthy();
  return new Map(
    csp!
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values] as const),
  );
}

describe("security headers", () => {
  it.each(["/dashboard", "/healthz"])("are sent on %s", async (path) => {
    server = await startTestServer();
    const response = await fetch(`${server.url}${path}`);
    expect(response.status).toBe(200);
    const h = response.headers;
    expect(h.get("content-security-policy-report-only")).toBeNull(); // enforced, not report-only
    const csp = directives(h.get("content-security-policy"));
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("script-src")).toEqual(["'self'", expect.stringMatching(/^'nonce-[A-Za-z0-9+/]{22}==?'$/)]);
    expect(h.get("x-frame-options")).toBe("DENY");
    expect(h.get("x-content-type-options")).toBe("nosniff");
    expect(h.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(h.get("permissions-policy")).toContain("camera=()");
    expect(h.get("x-powered-by")).toBeNull();
    expect(h.get("strict-transport-security")).toBeNull(); // development: no HSTS on http://localhost
    expect(h.get("x-robots-tag")).toBeNull(); // the public web app may be indexed
  });

  it("puts the nonce the handler rendered with into script-src, fresh for every request", async () => {
    server = await startTestServer();
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await fetch(server.url);
      const { ctx } = (await response.json()) as { ctx: { cspNonce: string } };
      expect(ctx.cspNonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      const scriptSrc = directives(response.headers.get("content-security-policy")).get("script-src");
      expect(scriptSrc).toEqual(["'self'", `'nonce-${ctx.cspNonce}'`]);
      nonces.push(ctx.cspNonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("sends Strict-Transport-Security in production", async () => {
    server = await startTestServer({ isProduction: true, appUrl: "https://tradecraft.example" });
    for (const path of ["/", "/healthz"]) {
      const response = await fetch(`${server.url}${path}`);
      const hsts = response.headers.get("strict-transport-security");
      expect(hsts).toMatch(/^max-age=(\d+); includeSubDomains$/);
      expect(Number(/max-age=(\d+)/.exec(hsts!)![1])).toBeGreaterThanOrEqual(31_536_000);
    }
    // In production styles need the nonce too: no 'unsafe-inline' anywhere in the policy.
    const csp = (await fetch(server.url)).headers.get("content-security-policy")!;
    expect(csp).not.toContain("unsafe-inline");
    expect(directives(csp).has("upgrade-insecure-requests")).toBe(true);
  });

  it("tells search engines not to index the admin app", async () => {
    server = await startTestServer({ app: "admin" });
    for (const path of ["/users", "/healthz"]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.headers.get("x-robots-tag")).toContain("noindex");
    }
  });
});
