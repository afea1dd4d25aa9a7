import { describe, expect, it } from "vitest";
import { approximateIp, describeUserAgent } from "./describe-session.ts";

describe("describeUserAgent", () => {
  it("names the browser and system of common user agents", () => {
    expect(
      describeUserAgent(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36",
      ),
    ).toEqual({ browser: "Chrome 141", os: "Mac OS 10.15.7" });
    expect(
      describeUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"),
    ).toEqual({
      browser: "Firefox 133",
      os: "Windows 10",
    });
  });

  it("admits when it cannot tell", () => {
    expect(describeUserAgent(null)).toEqual({ browser: "Unknown browser", os: "unknown system" });
    expect(describeUserAgent("curl/8.5.0").os).toBe("unknown system");
  });
});

describe("approximateIp", () => {
  it("hides the host part", () => {
    expect(approximateIp("203.0.113.77")).toBe("203.0.113.x");
    expect(approximateIp("::ffff:127.0.0.1")).toBe("127.0.0.x");
    expect(approximateIp("2001:db8:85a3:8d3:1319:8a2e:370:7348")).toBe("2001:db8:85a3::/48");
    expect(approximateIp(null)).toBe("unknown");
  });
});
