// The Studio (issue 17): an admin generates an image from a prompt and a reference, edits it
// twice, sees the chain, downloads it, deletes the middle edit and sees the chain whole; another
// admin sees none of it. The OpenAI stub answers the Images API with real small PNGs.
import { readFile } from "node:fs/promises";
import { moderationBlocked, solidPng } from "@tradecraft/testing/openai-stub";
import { ADMIN2 } from "../../fixtures/accounts.ts";
import { signInAdmin } from "../../fixtures/admin.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { openAiRequests, scriptOpenAiImages } from "../../fixtures/openai.ts";
import { expect, type Page, test } from "../../fixtures/test.ts";
import { ADMIN_URL } from "../../ports.ts";

const unique = () => Math.random().toString(36).slice(2, 10);

/** Waits until the page's main image has loaded real pixels. */
async function expectImageLoaded(page: Page, name: RegExp) {
  const image = page.getByRole("img", { name });
  await expect(image).toBeVisible();
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(0);
}

test("an admin generates, edits twice, downloads, deletes the middle edit; the chain stays whole and another admin sees nothing", async ({
  page,
  browser,
}) => {
  test.slow();
  const tag = unique();
  const prompt = `Poster for a trading workshop ${tag}, bold green candles`;
  await signInAdmin(page);
  await page.getByRole("link", { name: "Studio" }).click();
  await expect(page.getByRole("heading", { name: "Studio", level: 1 })).toBeVisible();
  await expectNoA11yViolations(page);

  await page.getByLabel("Prompt").fill(prompt);
  await page.getByLabel("Aspect ratio").selectOption("3:2");
  await page.getByLabel("Reference images (optional)").setInputFiles({
    name: "logo.png",
    mimeType: "image/png",
    buffer: Buffer.from(solidPng(24, 24, [16, 185, 129])),
  });
  await page.getByRole("button", { name: "Generate image" }).click();
  await expect(page.getByRole("heading", { name: "Studio image", level: 1 })).toBeVisible({ timeout: 30_000 });
  const rootUrl = page.url();
  expect(rootUrl).toMatch(/\/studio\/[a-z0-9]+$/);
  await expectImageLoaded(page, /Generated image: Poster for a trading workshop/);
  // With a reference, the model got images.edit with the reference, at the 3:2 size.
  const [sent] = await openAiRequests({ path: "/v1/images/edits", contains: tag });
  expect(sent?.image?.size).toBe("1536x1024");
  expect(sent?.image?.inputs).toHaveLength(1);
  await expectNoA11yViolations(page);

  for (const [n, change] of [
    [1, `make the background navy ${tag}`],
    [2, `add the words Join today ${tag}`],
  ] as const) {
    await page.getByLabel("What should change?").fill(change);
    await page.getByRole("button", { name: "Make the edit" }).click();
    await expect(page.getByRole("heading", { name: `Studio image, edit ${n}`, level: 1 })).toBeVisible({
      timeout: 30_000,
    });
  }
  const chain = page.getByRole("list").filter({ has: page.getByText("Original") });
  await expect(chain.getByRole("listitem")).toHaveCount(3);
  await expect(chain.getByRole("listitem").nth(2)).toContainText("Edit 2 (this image)");
  await expect(chain.getByRole("listitem").nth(1)).toContainText(`make the background navy ${tag}`);
  // The second edit sent the first edit's prompt along as context.
  const edits = await openAiRequests({ path: "/v1/images/edits", contains: `Join today ${tag}` });
  expect(edits[0]?.image?.prompt).toContain(`make the background navy ${tag}`);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download PNG" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^tradecraft-studio-[a-z0-9]+\.png$/);
  const bytes = await readFile((await download.path())!);
  expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

  // Delete the middle one: its child moves up to the original, so the chain stays whole.
  await chain.getByRole("link", { name: "Edit 1" }).click();
  await expect(page.getByRole("heading", { name: "Studio image, edit 1", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Delete…" }).click();
  await expect(page.getByRole("heading", { name: "Delete this image?" })).toBeVisible();
  await page.getByRole("button", { name: "Yes, delete the image" }).click();
  await expect(page).toHaveURL(`${rootUrl}?deleted=1`);
  await expect(page.getByText("The image was deleted")).toBeVisible();
  const after = page.getByRole("list").filter({ has: page.getByText("Original (this image)") });
  await expect(after.getByRole("listitem")).toHaveCount(2);
  await expect(after.getByRole("listitem").nth(1)).toContainText(`add the words Join today ${tag}`);
  await expect(after.getByRole("listitem").nth(1)).toContainText("Edit 1");

  // Another admin: not in their gallery, and the pages and files are "not found".
  const other = await browser.newContext();
  try {
    const otherPage = await other.newPage();
    await signInAdmin(otherPage, ADMIN2);
    await otherPage.goto(`${ADMIN_URL}/studio`);
    await expect(otherPage.getByRole("heading", { name: "Your images" })).toBeVisible();
    await expect(otherPage.getByText(tag)).toHaveCount(0);
    expect((await otherPage.goto(rootUrl))?.status()).toBe(404);
    const image = await otherPage.request.get(`${rootUrl}/image`);
    expect(image.status()).toBe(404);
  } finally {
    await other.close();
  }
});

test("bad input and a refused prompt keep the form, say why, and store nothing", async ({ page }) => {
  const tag = unique();
  await signInAdmin(page);
  await page.goto(`${ADMIN_URL}/studio`);

  await page.getByLabel("Prompt").fill(`A chart that is not a chart ${tag}`);
  await page.getByLabel("Reference images (optional)").setInputFiles({
    name: "notes.png",
    mimeType: "image/png",
    buffer: Buffer.from("these are notes, not an image"),
  });
  await page.getByRole("button", { name: "Generate image" }).click();
  await expect(page.getByText("notes.png: This file is not a PNG, JPEG, WebP or GIF image.")).toBeVisible();
  await expect(page.getByLabel("Prompt")).toHaveValue(`A chart that is not a chart ${tag}`);
  await expect(page.getByLabel("Reference images (optional)")).toHaveAttribute("aria-invalid", "true");

  await scriptOpenAiImages({ match: `refused ${tag}`, ...moderationBlocked(["violence"]) });
  await page.getByLabel("Reference images (optional)").setInputFiles([]);
  await page.getByLabel("Prompt").fill(`A prompt that gets refused ${tag}`);
  await page.getByRole("button", { name: "Generate image" }).click();
  await expect(page.getByRole("alert")).toContainText("OpenAI's content policy refused this request");
  await expect(page.getByRole("alert")).toContainText("Nothing was saved");
  await expectNoA11yViolations(page);
  // Other tests add images meanwhile; none of this test's prompts may be among them.
  await page.goto(`${ADMIN_URL}/studio`);
  await expect(page.getByRole("heading", { name: "Your images" })).toBeVisible();
  await expect(page.getByText(tag)).toHaveCount(0);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the Studio generates, edits and deletes with plain form posts", async ({ page }) => {
    const tag = unique();
    await signInAdmin(page);
    await page.goto(`${ADMIN_URL}/studio`);
    await page.getByLabel("Prompt").fill(`Square banner without script ${tag}`);
    await page.getByRole("button", { name: "Generate image" }).click();
    await expect(page.getByRole("heading", { name: "Studio image", level: 1 })).toBeVisible({ timeout: 30_000 });
    const [sent] = await openAiRequests({ path: "/v1/images/generations", contains: tag });
    expect(sent?.image?.size).toBe("1024x1024");

    await page.getByLabel("What should change?").fill(`warmer colours ${tag}`);
    await page.getByRole("button", { name: "Make the edit" }).click();
    await expect(page.getByRole("heading", { name: "Studio image, edit 1", level: 1 })).toBeVisible({
      timeout: 30_000,
    });
    await page.getByRole("button", { name: "Delete…" }).click();
    await page.getByRole("button", { name: "Yes, delete the image" }).click();
    await expect(page.getByText("The image was deleted")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Studio image", level: 1 })).toBeVisible();
    await page.goto(`${ADMIN_URL}/studio`);
    await expect(page.getByRole("link", { name: new RegExp(`Square banner without script ${tag}`) })).toBeVisible();
  });
});
