// Building an Intl.NumberFormat costs far more than formatting with one (it was the page's top
// function in a profile of the journal list), so there is one per currency.
const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string): Intl.NumberFormat {
  let format = formatters.get(currency);
  if (!format) {
    format = new Intl.NumberFormat("en-US", { style: "currency", currency, signDisplay: "exceptZero" });
    formatters.set(currency, format);
  }
  return format;
}

/** Money for display: "+$43.00", "−$12.50", "—" when there is none. */
export const money = (value: string | number | null, currency = "USD") => (value === null ? "—" : currencyFormat(currency).format(Number(value)));
