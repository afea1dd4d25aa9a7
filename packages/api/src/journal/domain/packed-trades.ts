// Decoding of the compact text the summary query packs its trades into. Pure, so that the
// exactness of the hand-rolled number parsing is unit-tested against Number().

/**
 * Reads "netCents[,r]" records packed with ';' (integer cents; R as PostgreSQL's numeric text).
 * A scan by character code: split() and Number() per record cost more than the query's sort.
 * m ÷ 10^d is correctly rounded like Number(text) while m < 2^53; anything else takes Number().
 */
export function unpackNetsAndRs(packed: string | null): { netCents: number[]; rMultiples: number[] } {
  const netCents: number[] = [];
  const rMultiples: number[] = [];
  const end = packed?.length ?? 0;
  let i = 0;
  while (i < end) {
    const text = packed!;
    const negative = text.charCodeAt(i) === 45;
    if (negative) i++;
    let cents = 0;
    for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) cents = cents * 10 + (c - 48);
    netCents.push(negative ? -cents : cents);
    if (text.charCodeAt(i) === 44) {
      const start = ++i;
      let mantissa = 0;
      let scale = 1;
      let plain = true;
      let inFraction = false;
      for (let c = text.charCodeAt(i); i < end && c !== 59; c = text.charCodeAt(++i)) {
        if (c >= 48 && c <= 57) {
          mantissa = mantissa * 10 + (c - 48);
          if (inFraction) scale *= 10;
        } else if (c === 46 && !inFraction) inFraction = true;
        else if (!(c === 45 && i === start)) plain = false;
      }
      const exact = plain && mantissa <= Number.MAX_SAFE_INTEGER && scale <= 1e22;
      const r = exact ? (text.charCodeAt(start) === 45 ? -mantissa : mantissa) / scale : Number(text.slice(start, i));
      if (Number.isFinite(r)) rMultiples.push(r);
    }
    i++; // the ';'
  }
  return { netCents, rMultiples };
}
