import Decimal from "decimal.js";

/** Exact decimal arithmetic for money and quantities: binary floats never touch a P&L. */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
export type Dec = InstanceType<typeof Dec>;
export type DecimalLike = Dec | string | number;

export const dec = (value: DecimalLike): Dec => (value instanceof Dec ? value : new Dec(value));
export const ZERO = new Dec(0);

/** Sum of decimals. */
export const sum = (values: Iterable<DecimalLike>): Dec => {
  let total = ZERO;
  for (const v of values) total = total.plus(dec(v));
  return total;
};

const PLAIN_DECIMAL = /^(-?)0*(\d+?)(?:\.(\d*?)0*)?$/;

/**
 * `dec(text).toString()` for a plain decimal ("-0012.3400" → "-12.34"), without building a
 * Decimal for short texts: an import normalises four amounts per row. Texts Decimal would
 * print with an exponent (0.0000001 → "1e-7") or that are long take the Decimal path.
 */
export function decimalString(text: string): string {
  const parts = text.length <= 15 ? PLAIN_DECIMAL.exec(text) : null;
  const [, sign, whole, fraction = ""] = parts ?? [];
  if (!parts || (whole === "0" && fraction.startsWith("000000"))) return dec(text).toString();
  if (whole === "0" && fraction === "") return "0";
  return `${sign}${whole}${fraction ? `.${fraction}` : ""}`;
}
