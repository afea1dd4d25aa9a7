// A month of daily closes as a small line. Decoration only (aria-hidden): the change beside it says
// the same in text, so nobody needs to see the line.

const WIDTH = 80;
const HEIGHT = 24;

/**
 * An SVG polyline's points for `values` in a `width`×`height` box (y grows downwards, the highest
 * value at the top); a flat series runs across the middle. Empty for fewer than two values.
 */
export function sparklinePoints(values: readonly number[], width: number, height: number): string {
  if (values.length < 2) return "";
  const low = Math.min(...values);
  const high = Math.max(...values);
  const span = high - low;
  const round = (n: number) => Math.round(n * 10) / 10;
  return values
    .map((v, i) => {
      const x = (i / (values.length - 1)) * width;
      const y = span === 0 ? height / 2 : height - ((v - low) / span) * height;
      return `${round(x)},${round(y)}`;
    })
    .join(" ");
}

/** The line, coloured by its direction over the period (the text beside it carries the sign). */
export function Sparkline({ closes }: { closes: readonly number[] }) {
  const points = sparklinePoints(closes, WIDTH, HEIGHT - 2);
  if (!points) return null;
  const tone = closes.at(-1)! > closes[0]! ? "gain" : closes.at(-1)! < closes[0]! ? "loss" : "flat";
  return (
    <svg
      className={`tc-sparkline tc-sparkline--${tone}`}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 -1 ${WIDTH} ${HEIGHT}`}
      aria-hidden="true"
      focusable="false"
    >
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  );
}

/** "+4.21%": the change over the series, always signed; null for fewer than two closes. */
export function seriesChangePercent(closes: readonly number[] | null): number | null {
  if (!closes || closes.length < 2 || closes[0] === 0) return null;
  return ((closes.at(-1)! - closes[0]!) / closes[0]!) * 100;
}
