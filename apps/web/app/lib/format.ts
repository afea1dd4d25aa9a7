/** Money for display: "+$43.00", "−$12.50", "—" when there is none. */
export const money = (value: string | number | null, currency = "USD") =>
  value === null ? "—" : new Intl.NumberFormat("en-US", { style: "currency", currency, signDisplay: "exceptZero" }).format(Number(value));
