import { expect, type Page, test } from "../../fixtures/test.ts";
import { collectConsoleErrors, expectNoA11yViolations } from "../../fixtures/axe.ts";
import { signUp, uniqueEmail } from "../../fixtures/members.ts";
import { scriptOpenAi, waitForOpenAiRequests } from "../../fixtures/openai.ts";

// Each test's messages carry a token only its requests contain, so the shared OpenAI stub
// answers each test with its own script.
const tokenOf = (label: string) => `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

async function startConversation(page: Page) {
  await page.goto("/app/coach");
  await expect(page.getByRole("heading", { level: 1, name: "Coach" })).toBeVisible();
  await page.getByRole("button", { name: "Start a conversation" }).click();
  await expect(page).toHaveURL(/\/app\/coach\/[a-z0-9]+$/);
}

const answers = (page: Page) => page.locator(".tc-coach-message--assistant");

async function ask(page: Page, text: string, mode: "quick" | "enhanced") {
  await page.getByLabel("Your message").fill(text);
  await page.getByLabel("Answer mode").selectOption(mode);
  await page.getByRole("button", { name: "Send", exact: true }).click();
}

test("a streamed conversation in quick and enhanced mode, with a tool call", async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await signUp(page, uniqueEmail("coach"), "Cora Coached");
  await page.getByRole("link", { name: "Coach" }).click();
  await expect(page).toHaveURL(/\/app\/coach$/);
  await expectNoA11yViolations(page);
  await startConversation(page);
  await expect(page.getByRole("button", { name: "What is my best setup?" })).toBeVisible();
  await expect(page.getByText("At most 8,000 characters.")).toBeVisible();
  await expect(page.getByLabel("Your message")).toHaveAttribute("maxlength", "8000");
  await expectNoA11yViolations(page);

  const quick = tokenOf("coach-quick");
  await scriptOpenAi({ match: quick, chunks: ["Your ", "win rate ", "is steady. ", "Keep going."], chunkDelayMs: 150 });
  await ask(page, `How am I doing? ${quick}`, "quick");
  const live = page.getByTestId("live-answer");
  // Part of the answer is on the page before the rest has arrived.
  await expect(live).toContainText("Your win rate");
  // Once saved, the page's own copy of the conversation replaces the live one.
  await expect(live).toHaveCount(0);
  await expect(answers(page).last()).toContainText("Your win rate is steady. Keep going.");
  // The first question named the conversation: the heading and the title field show it, and the
  // cursor is back in the message box for the next question.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`How am I doing? ${quick}`);
  await expect(page.getByRole("textbox", { name: "Title" })).toHaveValue(`How am I doing? ${quick}`);
  await expect(page.getByLabel("Your message")).toBeFocused();
  await expect(page.getByLabel("Your message")).toHaveValue("");
  const [quickRequest] = await waitForOpenAiRequests({ contains: quick });
  expect(quickRequest!.body).toMatchObject({ model: "gpt-4o-mini", stream: true });

  const enhanced = tokenOf("coach-enhanced");
  await scriptOpenAi(
    { match: enhanced, toolCalls: [{ name: "get_recent_trades", arguments: { limit: 5 } }] },
    { match: enhanced, text: "You have **no trades** yet: add a few and ask again." },
  );
  await ask(page, `Review my recent trades ${enhanced}`, "enhanced");
  await expect(live).toHaveCount(0);
  await expect(answers(page).last().locator("strong")).toHaveText("no trades");
  const requests = await waitForOpenAiRequests({ contains: enhanced, count: 2 });
  expect(requests[1]!.body!.messages!.some((m) => m.role === "tool" && String(m.content).includes('"trades":[]'))).toBe(
    true,
  );

  // Saved: after a reload both answers are still there, and the meter counts 1 + 2 units.
  await page.reload();
  await expect(page.getByText("Your win rate is steady. Keep going.")).toBeVisible();
  await expect(page.getByText(`Review my recent trades ${enhanced}`)).toBeVisible();
  await expect(page.getByText("Conversation 1/5 · Messages 3/8")).toBeVisible();
  await expectNoA11yViolations(page);
  expect(errors).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the form posts and the answer appears; at the Free limit Send is off with the reason and an upgrade link", async ({
    page,
  }) => {
    await signUp(page, uniqueEmail("coach-nojs"), "Nell Nojs");
    await startConversation(page);
    const token = tokenOf("coach-nojs");
    await scriptOpenAi({ match: token, text: "A plain answer." });
    await ask(page, `First question ${token}`, "enhanced");
    await expect(page.getByText("A plain answer.")).toBeVisible();
    await expect(page.getByText("Messages 2/8")).toBeVisible();
    // The page after the post carries the title the first question gave the conversation.
    await expect(page.getByRole("textbox", { name: "Title" })).toHaveValue(`First question ${token}`);
    // Three more enhanced answers use the remaining 6 units (the stub's default answer).
    for (const n of [2, 3, 4]) {
      await ask(page, `Question ${n} ${token}`, "enhanced");
      await expect(page.getByText(`Messages ${n * 2}/8`)).toBeVisible();
    }
    const send = page.getByRole("button", { name: "Send", exact: true });
    await expect(send).toBeDisabled();
    await expect(send).toHaveAccessibleDescription(/You have used all 8 messages of this conversation/);
    await expect(page.getByRole("link", { name: "See the Pro plan" })).toHaveAttribute("href", "/app/settings/plan");
    await expect(page.getByRole("link", { name: "Start a new conversation" })).toBeVisible();
    // (axe needs scripts in the page: the same page with JavaScript is checked in the test above.)
  });
});
