// The header's symbol search: a plain GET form to /app/market?q=…, so it works without JavaScript
// and its results page has an address members can share and go back to.
import { useId } from "react";

/** A labelled search box that opens the market search results for what was typed. */
export function SymbolSearch({
  defaultValue = "",
  landmark = "Market search",
  error,
  id: inputId,
  visibleLabel = false,
}: {
  defaultValue?: string;
  /** The search landmark's name: unique on the page (the header has one, a results page another). */
  landmark?: string;
  error?: string | null;
  /** The input's id, for an error summary to link to. */
  id?: string;
  /** Shows the label (on a page's own search); the header's is read by screen readers only, its button says what it does. */
  visibleLabel?: boolean;
}) {
  const generated = useId();
  const id = inputId ?? generated;
  return (
    <form method="get" action="/app/market" role="search" aria-label={landmark} className="tc-symbol-search">
      <label htmlFor={id} className={visibleLabel ? "tc-symbol-search__label" : "tc-visually-hidden"}>
        Ticker or company
      </label>
      <input
        id={id}
        type="search"
        name="q"
        defaultValue={defaultValue}
        placeholder="e.g. AAPL"
        maxLength={40}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <button type="submit" className="tc-button tc-button--secondary">
        Search
      </button>
      {error ? (
        <p id={`${id}-error`} className="tc-field__error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
