import { timeZoneFromAcceptLanguage } from "@tradecraft/api";

const SUPPORTED = Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC");
const LISTED = new Set(SUPPORTED);
// Sorted once: the home page offers the list on every render until the member picks a zone.
const SORTED = ["UTC", ...[...SUPPORTED].sort()];

/**
 * The zones a <select> offers: UTC first, then the runtime's list, plus any zone in `include`
 * (the member's own, a suggestion) that the list spells differently: Node lists Asia/Calcutta,
 * browsers and our region table say Asia/Kolkata, and a select must hold the value it starts on.
 */
export function timeZoneOptions(...include: string[]): string[] {
  const extra = include.filter((zone) => zone !== "UTC" && !LISTED.has(zone));
  if (extra.length === 0) return SORTED.slice();
  return ["UTC", ...[...new Set([...SUPPORTED, ...extra])].sort()];
}

/** The zone the request's Accept-Language suggests (its region's), else UTC. */
export const suggestedTimeZone = (request: Request) =>
  timeZoneFromAcceptLanguage(request.headers.get("accept-language"));
