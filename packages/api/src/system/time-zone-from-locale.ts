// A guess at a member's time zone from the Accept-Language header, for browsers that run no
// script (with script the form sends the browser's own zone). A language tag names a region at
// best, and big regions span several zones, so this is only where the <select> starts.

/** The zone most of a region's traders keep; regions not listed fall back to UTC. */
const ZONE_OF_REGION: Readonly<Record<string, string>> = {
  US: "America/New_York",
  CA: "America/Toronto",
  MX: "America/Mexico_City",
  BR: "America/Sao_Paulo",
  AR: "America/Argentina/Buenos_Aires",
  GB: "Europe/London",
  IE: "Europe/Dublin",
  DE: "Europe/Berlin",
  AT: "Europe/Vienna",
  CH: "Europe/Zurich",
  FR: "Europe/Paris",
  BE: "Europe/Brussels",
  NL: "Europe/Amsterdam",
  ES: "Europe/Madrid",
  IT: "Europe/Rome",
  PT: "Europe/Lisbon",
  SE: "Europe/Stockholm",
  NO: "Europe/Oslo",
  DK: "Europe/Copenhagen",
  FI: "Europe/Helsinki",
  PL: "Europe/Warsaw",
  TR: "Europe/Istanbul",
  IL: "Asia/Jerusalem",
  AE: "Asia/Dubai",
  ZA: "Africa/Johannesburg",
  NG: "Africa/Lagos",
  IN: "Asia/Kolkata",
  SG: "Asia/Singapore",
  HK: "Asia/Hong_Kong",
  CN: "Asia/Shanghai",
  TW: "Asia/Taipei",
  KR: "Asia/Seoul",
  JP: "Asia/Tokyo",
  AU: "Australia/Sydney",
  NZ: "Pacific/Auckland",
};

/**
 * The zone of the first language range in `acceptLanguage` that names a known region
 * ("en-US,en;q=0.9" → America/New_York), by preference order; "UTC" when none does.
 */
export function timeZoneFromAcceptLanguage(acceptLanguage: string | null | undefined): string {
  if (!acceptLanguage) return "UTC";
  const ranges = acceptLanguage
    .slice(0, 500)
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((range) => range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranges) {
    // The region is the subtag of two letters (or three digits) after the language: en-US, zh-Hant-TW.
    const region = tag
      .split("-")
      .slice(1)
      .find((subtag) => /^[A-Za-z]{2}$/.test(subtag))
      ?.toUpperCase();
    const zone = region ? ZONE_OF_REGION[region] : undefined;
    if (zone) return zone;
  }
  return "UTC";
}
