import { timeZoneFromAcceptLanguage } from "@tradecraft/api";

const SUPPORTED = Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC");

/**
 * The zones a <select> offers: UTC first, then the runtime's list, plus any zone in `include`
 * (the member's own, a suggestion) that the list spells differently: Node lists Asia/Calcutta,
 * browsers and our region table say Asia/Kolkata, and a select must hold the value it starts on.
 */
export function timeZoneOptions(...include: string[]): string[] {
  const extra = include.filter((zone) => zone !== "UTC" && !SUPPORTED.includes(zone));
  return ["UTC", ...[...new Set([...SUPPORTED, ...extra])].sort()];
}

/** The zone the request's Accept-Language suggests (its region's), else UTC. */
export const suggestedTimeZone = (request: Request) =>
  timeZoneFromAcceptLanguage(request.headers.get("accept-language"));
