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
