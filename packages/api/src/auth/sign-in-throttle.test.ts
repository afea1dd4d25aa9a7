import { describe, expect, it } from "vitest";
import { emailKey, networkOf } from "./sign-in-throttle.ts";

describe("networkOf", () => {
  it("keeps an IPv4 address as it is", () => {
    expect(networkOf("198.51.100.7")).toBe("198.51.100.7");
    expect(networkOf("::ffff:198.51.100.7")).toBe("198.51.100.7");
  });

  it("counts an IPv6 address by its /64, however it is written", () => {
    expect(networkOf("2001:db8:abcd:12::1")).toBe("2001:db8:abcd:12::/64");
    expect(networkOf("2001:0db8:ABCD:0012:ffff:1:2:3")).toBe("2001:db8:abcd:12::/64");
    expect(networkOf("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(networkOf("::1")).toBe("0:0:0:0::/64");
  });

  it("leaves anything that is not an address alone", () => {
    expect(networkOf("unknown")).toBe("unknown");
  });
});

describe("emailKey", () => {
  it("is the hex SHA-256 of the address, lower-cased and trimmed", () => {
    // sha256("kai@example.test"), computed with `printf %s kai@example.test | sha256sum`.
    expect(emailKey(" Kai@Example.TEST ")).toBe(emailKey("kai@example.test"));
    expect(emailKey("kai@example.test")).toBe("f370cc58a447523f75b6f8727893bf4a311605ed06416484d370432d3ea522cd");
  });
});
