import { UAParser } from "ua-parser-js";

/** "Chrome 141 on macOS" from a user agent; "Unknown browser" when it says nothing useful. */
export function describeUserAgent(userAgent: string | null | undefined): { browser: string; os: string } {
  if (!userAgent) return { browser: "Unknown browser", os: "unknown system" };
  const parsed = new UAParser(userAgent.slice(0, 512)).getResult();
  const browser = parsed.browser.name
    ? `${parsed.browser.name}${parsed.browser.major ? ` ${parsed.browser.major}` : ""}`
    : "Unknown browser";
  const os = parsed.os.name ? `${parsed.os.name}${parsed.os.version ? ` ${parsed.os.version}` : ""}` : "unknown system";
  return { browser, os };
}

/** An IP coarsened for display: the last IPv4 octet or the last 80 bits of IPv6 hidden. */
export function approximateIp(ip: string | null | undefined): string {
  if (!ip) return "unknown";
  const v4 = ip.replace(/^::ffff:/, "");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(v4)) return `${v4.split(".").slice(0, 3).join(".")}.x`;
  if (ip.includes(":")) return `${ip.split(":").slice(0, 3).join(":")}::/48`;
  return "unknown";
}
