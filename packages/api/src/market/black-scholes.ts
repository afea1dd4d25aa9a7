// Black–Scholes(-Merton) prices and greeks of European options, no dividends by default. The
// simulated options chain prices with it, and members' option trades could be valued with it;
// American early exercise is ignored (a small difference for the short-dated options members trade).

export interface BlackScholesInput {
  type: "call" | "put";
  /** Underlying price. */
  spot: number;
  strike: number;
  /** Years to expiry (> 0). */
  years: number;
  /** Annualised volatility, 0.2 = 20 %. */
  volatility: number;
  /** Continuously compounded risk-free rate, 0.04 = 4 %. */
  rate: number;
  /** Continuous dividend yield. */
  dividendYield?: number;
}

export interface Greeks {
  price: number;
  delta: number;
  gamma: number;
  /** Per calendar day (the annual theta / 365), as option tables show it. */
  theta: number;
  /** Per 1 volatility point (the annual vega / 100). */
  vega: number;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** The standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/**
 * The standard normal cumulative distribution, to about 1e-14 (W. J. Cody's rational
 * approximation of erfc, as in Hart et al. via Graeme West, "Better approximations to cumulative
 * normal functions", 2005). N(x) + N(−x) = 1 holds exactly, so put–call parity does too.
 */
export function normalCdf(x: number): number {
  if (x > 0) return 1 - normalCdf(-x);
  const z = -x;
  if (z > 37) return 0;
  const e = Math.exp((-z * z) / 2);
  if (z < 7.07106781186547) {
    let a = 3.52624965998911e-2 * z + 0.700383064443688;
    a = a * z + 6.37396220353165;
    a = a * z + 33.912866078383;
    a = a * z + 112.079291497871;
    a = a * z + 221.213596169931;
    a = a * z + 220.206867912376;
    let b = 8.83883476483184e-2 * z + 1.75566716318264;
    b = b * z + 16.064177579207;
    b = b * z + 86.7807322029461;
    b = b * z + 296.564248779674;
    b = b * z + 637.333633378831;
    b = b * z + 793.826512519948;
    b = b * z + 440.413735824752;
    return (e * a) / b;
  }
  let c = z + 0.65;
  c = z + 4 / c;
  c = z + 3 / c;
  c = z + 2 / c;
  c = z + 1 / c;
  return e / c / 2.506628274631;
}

/** Price and greeks of a European option; at expiry (years ≤ 0) the intrinsic value and a 0/±1 delta. */
export function blackScholes(input: BlackScholesInput): Greeks {
  const { type, spot: s, strike: k, years: t, volatility: v, rate: r } = input;
  const q = input.dividendYield ?? 0;
  const sign = type === "call" ? 1 : -1;
  if (t <= 0 || v <= 0) {
    const intrinsic = Math.max(0, sign * (s - k));
    return { price: intrinsic, delta: intrinsic > 0 ? sign : 0, gamma: 0, theta: 0, vega: 0 };
  }
  const sqrtT = Math.sqrt(t);
  const d1 = (Math.log(s / k) + (r - q + (v * v) / 2) * t) / (v * sqrtT);
  const d2 = d1 - v * sqrtT;
  const discount = Math.exp(-r * t);
  const carry = Math.exp(-q * t);
  const price = sign * (s * carry * normalCdf(sign * d1) - k * discount * normalCdf(sign * d2));
  const delta = sign * carry * normalCdf(sign * d1);
  const gamma = (carry * normalPdf(d1)) / (s * v * sqrtT);
  const thetaYear =
    (-s * carry * normalPdf(d1) * v) / (2 * sqrtT) -
    sign * r * k * discount * normalCdf(sign * d2) +
    sign * q * s * carry * normalCdf(sign * d1);
  const vegaYear = s * carry * normalPdf(d1) * sqrtT;
  return { price, delta, gamma, theta: thetaYear / 365, vega: vegaYear / 100 };
}
