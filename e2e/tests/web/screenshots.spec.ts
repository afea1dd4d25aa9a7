import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "../../fixtures/test.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { signUp, uniqueEmail } from "../../fixtures/members.ts";

// An 8×6 PNG carrying a tEXt chunk with a GPS position, which the upload must strip.
const CHART_PNG = path.join(import.meta.dirname, "..", "..", "fixtures", "files", "chart.png");

/** Adds a closed trade by hand and ends on its page. */
async function addTrade(page: Page) {
  await page.goto("/app/journal/new");
  await page.getByLabel("Account name").fill("Main");
  await page.getByRole("button", { name: "Create account" }).click();
  // The account exists once the trade form shows (a goto before that would cancel the post).
  await expect(page.getByLabel("Symbol")).toBeVisible();
  await page.getByLabel("Symbol").fill("AMD");
  await page.getByLabel("Quantity").fill("5");
  await page.getByLabel("Entry price").fill("150");
  await page.getByLabel("Entry time").fill("2026-03-03T09:45:00");
  await page.getByLabel("Exit price").fill("153");
  await page.getByLabel("Exit time").fill("2026-03-03T10:30:00");
  await page.getByRole("button", { name: "Save trade" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("AMD · long · closed");
}

test("attach a chart screenshot to a trade, only its owner sees it, a fake image is refused, delete it", async ({
  page,
  browser,
}) => {
  test.slow(); // two members sign up
  await signUp(page, uniqueEmail("screenshots"), "Sasha Shots");
  await addTrade(page);
  const tradeUrl = page.url();
  const section = page.getByRole("region", { name: "Screenshots" });
  await expect(section.getByText("No screenshots yet.")).toBeVisible();
  await expectNoA11yViolations(page);

  // Upload: a plain multipart form post, back on the trade with the thumbnail.
  await section.getByLabel("Image", { exact: true }).setInputFiles(CHART_PNG);
  await section.getByLabel("Caption (optional)").fill("Entry on the 1-minute chart");
  await section.getByRole("button", { name: "Upload screenshot" }).click();
  await expect(page).toHaveURL(/screenshot=added/);
  await expect(section.getByText("Screenshot added.")).toBeVisible();
  const thumbnail = section.getByRole("img", { name: "Entry on the 1-minute chart" });
  await expect(thumbnail).toBeVisible();
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(8);
  await expectNoA11yViolations(page);

  // The image route: the sniffed type, no sniffing by the browser, private caching, and the metadata gone.
  const imageUrl = new URL((await thumbnail.getAttribute("src"))!, page.url()).toString();
  const image = await page.request.get(imageUrl);
  expect(image.status()).toBe(200);
  expect(image.headers()).toMatchObject({
    "content-type": "image/png",
    "x-content-type-options": "nosniff",
    "cache-control": "private, max-age=3600",
    "content-disposition": "inline",
  });
  expect(image.headers()["content-security-policy"]).toContain("default-src 'none'");
  const served = await image.body();
  expect(served.subarray(0, 8)).toEqual(readFileSync(CHART_PNG).subarray(0, 8));
  expect(served.includes("GPSLatitude")).toBe(false);

  // Another member gets 404 for the image and for the trade.
  const [a, b] = crypto.getRandomValues(new Uint8Array(2));
  const other = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": `203.0.${a}.${(b! % 254) + 1}` } });
  const otherPage = await other.newPage();
  await signUp(otherPage, uniqueEmail("screenshots-other"), "Olly Other");
  expect((await otherPage.request.get(imageUrl)).status()).toBe(404);
  expect((await otherPage.goto(tradeUrl))?.status()).toBe(404);
  await other.close();

  // A text file named .png is refused by its content, beside the file field.
  await section
    .getByLabel("Image", { exact: true })
    .setInputFiles({ name: "chart.png", mimeType: "image/png", buffer: Buffer.from("account,symbol\nMain,AMD\n") });
  await section.getByRole("button", { name: "Upload screenshot" }).click();
  await expect(section.getByText("This file is not a PNG, JPEG, WebP or GIF image.")).toBeVisible();
  await expect(section.getByLabel("Image", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(section.getByRole("img")).toHaveCount(1);
  await expectNoA11yViolations(page);

  // Delete: the thumbnail goes, and so does the image.
  await section.getByRole("button", { name: "Delete screenshot Entry on the 1-minute chart" }).click();
  await expect(page).toHaveURL(/screenshot=deleted/);
  await expect(section.getByText("Screenshot deleted.")).toBeVisible();
  await expect(section.getByRole("img")).toHaveCount(0);
  expect((await page.request.get(imageUrl)).status()).toBe(404);
  await expectNoA11yViolations(page);
});
