// Runs with `pnpm --filter @tradecraft/web test`. The <Pnl> component renders as the journal list,
// trade page, home and analytics show it: the sign always printed, the colour class following it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { Pnl } from "../components/pnl.tsx";

const render = (value: string | number | null, currency?: string) =>
  renderToStaticMarkup(createElement(Pnl, { value, currency }));

describe("<Pnl>", () => {
  it("shows a gain with its plus sign and the gain colour", () => {
    assert.equal(render("1234.5"), '<span class="tc-pnl tc-pnl--gain">+$1,234.50</span>');
  });

  it("shows a loss with its minus sign and the loss colour", () => {
    assert.equal(render(-21), '<span class="tc-pnl tc-pnl--loss">-$21.00</span>');
  });

  it("leaves zero and a missing P&L plain", () => {
    assert.equal(render(0), '<span class="tc-pnl tc-pnl--flat">$0.00</span>');
    assert.equal(render(null), '<span class="tc-pnl tc-pnl--flat">—</span>');
  });

  it("uses the account's currency", () => {
    assert.equal(render("-12.5", "EUR"), '<span class="tc-pnl tc-pnl--loss">-€12.50</span>');
  });
});
