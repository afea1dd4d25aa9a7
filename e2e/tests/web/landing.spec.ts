import { expect, test } from "../../fixtures/test.ts";
import { collectConsoleErrors, expectNoA11yViolations } from "../../fixtures/axe.ts";
import { WEB_URL } from "../../ports.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test.describe("landing page without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("is rendered on the server with its title, description, canonical URL and live status", async ({ page }) => {
    const response = await page.goto("/");
    expect(response?.status()).toBe(200);
    await expect(page).toHaveTitle(/Tradecraft/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("The trading journal that tells you the truth.");
    await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", /trade journal/);
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", `${WEB_URL}/`);
    // The status comes from api.system.status() through the server-side caller.
    await expect(page.getByText("All systems operational")).toBeVisible();
    await expect(page.getByText(/^v\d+\.\d+\.\d+$/)).toBeVisible();
  });

  test("advertises only what works today: charts and watchlists, no price alerts yet", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Import from your broker" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Your trades on the chart" })).toBeVisible();
    await expect(page.locator("main")).not.toContainText(/price alert|notification/i);
  });
});

test("answers with security headers, a request id, and a nonce on every inline script", async ({ page }) => {
  const response = await page.goto("/");
  const headers = response!.headers();
  expect(headers["x-request-id"]).toMatch(UUID);
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["strict-transport-security"]).toContain("max-age=");
  const csp = headers["content-security-policy"]!;
  const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("frame-ancestors 'none'");

  const html = await response!.text();
  const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]!);
  expect(inlineScripts.length).toBeGreaterThan(0);
  for (const attributes of inlineScripts) expect(attributes).toContain(`nonce="${nonce}"`);
  expect(html).toContain(`<meta name="request-id" content="${headers["x-request-id"]}"/>`);
});

test("hydrates with no console errors (no CSP violations) and passes axe", async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto("/");
  await page.waitForFunction(() => "__remixContext" in window && document.readyState === "complete");
  await page.getByRole("link", { name: "Skip to content" }).focus();
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeVisible();
  await expectNoA11yViolations(page);
  expect(errors).toEqual([]);
});

test("fingerprinted assets are cached for a year, immutable", async ({ request }) => {
  const html = await (await request.get("/")).text();
  const stylesheet = html.match(/href="(\/assets\/[^"]+\.css)"/)?.[1];
  expect(stylesheet).toBeTruthy();
  const response = await request.get(stylesheet!);
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect((await request.get("/favicon.svg")).headers()["cache-control"]).toBe("public, max-age=3600");
});

test("gzips pages for clients that accept it", async ({ request }) => {
  const response = await request.get("/", { headers: { "Accept-Encoding": "gzip" } });
  expect(response.headers()["content-encoding"]).toBe("gzip");
});

test("robots.txt keeps crawlers out of the member area and points at the sitemap", async ({ request }) => {
  const robots = await request.get("/robots.txt");
  expect(robots.status()).toBe(200);
  const text = await robots.text();
  expect(text).toContain("Disallow: /app/");
  expect(text).toContain(`Sitemap: ${WEB_URL}/sitemap.xml`);

  const sitemap = await request.get("/sitemap.xml");
  expect(sitemap.headers()["content-type"]).toContain("application/xml");
  expect(await sitemap.text()).toContain(`<loc>${WEB_URL}/</loc>`);
});

test("unknown routes get a styled 404 with the request id, and it passes axe", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We couldn't find that page");
  await expect(page.getByText(response!.headers()["x-request-id"]!)).toBeVisible();
  await expectNoA11yViolations(page);
});

test("health and readiness report the version and uptime", async ({ request }) => {
  const health = await request.get("/healthz");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({
    status: "ok",
    version: expect.any(String),
    uptimeSeconds: expect.any(Number),
  });
  const ready = await request.get("/readyz");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ status: "ok", checks: { database: { status: "ok" } } });
});
