import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TextField } from "./controls.tsx";
import { ErrorSummary, errorSummaryItems } from "./error-summary.tsx";

describe("errorSummaryItems", () => {
  it("lists the form's problem first, then each field's first message in the form's order", () => {
    const items = errorSummaryItems(
      {
        entryPrice: ["Enter an entry price between 0 and 999,999", "a second problem"],
        symbol: ["Enter a symbol"],
        extra: ["Unlisted"],
      },
      { symbol: "symbol", entryPrice: "entryPrice" },
      "Please try again.",
    );
    expect(items).toEqual([
      { message: "Please try again." },
      { message: "Enter a symbol", fieldId: "symbol" },
      { message: "Enter an entry price between 0 and 999,999", fieldId: "entryPrice" },
      // A field the form does not list is still told, unlinked.
      { message: "Unlisted", fieldId: undefined },
    ]);
  });

  it("shows a message once when two keys point at one control with the same words", () => {
    const items = errorSummaryItems(
      { option: ["Pick a date"], "option.expiry": ["Pick a date"] },
      { option: "optionExpiry", "option.expiry": "optionExpiry" },
    );
    expect(items).toEqual([{ message: "Pick a date", fieldId: "optionExpiry" }]);
  });
});

describe("ErrorSummary", () => {
  it("renders nothing when there is nothing to say", () => {
    expect(renderToString(<ErrorSummary fieldErrors={{}} fieldIds={{ symbol: "symbol" }} />)).toBe("");
  });

  it("is an alert headed 'There is a problem', focusable and autofocused in the server's HTML, with links to fields", () => {
    const html = renderToString(
      <ErrorSummary fieldErrors={{ symbol: ["Enter a symbol"] }} fieldIds={{ symbol: "symbol" }} />,
    );
    expect(html).toMatch(
      /^<div class="tc-error-summary" role="alert" aria-labelledby="[^"]+" tabindex="-1" autofocus=""/,
    );
    expect(html).toContain(">There is a problem</h2>");
    expect(html).toContain('<a href="#symbol">Enter a symbol</a>');
  });

  it("pairs with a field that is invalid and described by its one message", () => {
    const html = renderToString(
      <TextField id="symbol" label="Symbol" name="symbol" error={["Enter a symbol", "Use letters"]} />,
    );
    expect(html).toContain('aria-invalid="true" aria-describedby="symbol-error"');
    expect(html).toContain('<div id="symbol-error" class="tc-field__error">Enter a symbol</div>');
  });
});
