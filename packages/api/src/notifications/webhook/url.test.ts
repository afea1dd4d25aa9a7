import { describe, expect, it } from "vitest";
import {
  PRIVATE_ADDRESS_MESSAGE,
  UNRESOLVED_HOST_MESSAGE,
  WebhookUrlSchema,
  checkWebhookTarget,
  createWebhookUrlSchema,
  isPublicAddress,
} from "./url.ts";

const messageOf = (input: string, schema = WebhookUrlSchema) => {
  const result = schema.safeParse(input);
  return result.success ? null : result.error.issues.map((i) => i.message);
};

describe("isPublicAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["::1", "IPv6 loopback"],
    ["10.1.2.3", "private 10/8"],
    ["172.20.0.1", "private 172.16/12"],
    ["192.168.1.1", "private 192.168/16"],
    ["169.254.169.254", "link-local (cloud metadata)"],
    ["100.64.0.1", "CGNAT"],
    ["::ffff:10.0.0.1", "IPv4-mapped private"],
    ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
    ["fe80::1", "IPv6 link-local"],
    ["fc00::1", "ULA"],
    ["fd12:3456::1", "ULA fd"],
    ["0.0.0.0", "unspecified"],
    ["::", "IPv6 unspecified"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "IPv6 multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["198.18.0.1", "benchmarking"],
    ["2002:7f00:1::", "6to4 of 127.0.0.1"],
    ["64:ff9b::a00:1", "NAT64 of 10.0.0.1"],
    ["2001:0:4136:e378:8000:63bf:80ff:fffe", "teredo with client 127.0.0.1"],
    ["::7f00:1", "IPv4-compatible 127.0.0.1"],
    ["4000::1", "unallocated IPv6"],
    ["localhost", "a name, not an address"],
    ["0x7f.1", "non-canonical IPv4"],
    ["", "empty"],
  ])("refuses %s (%s)", (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each([
    ["8.8.8.8"],
    ["1.1.1.1"],
    ["2606:4700:4700::1111"],
    ["::ffff:8.8.8.8"],
    ["2002:808:808::"],
    ["172.32.0.1"],
    ["100.128.0.1"],
  ])("allows %s", (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });
});

describe("WebhookUrlSchema", () => {
  it("trims and normalises a good address", () => {
    expect(WebhookUrlSchema.parse("  https://Hooks.Example.com:8443/tc?x=1  ")).toBe(
      "https://hooks.example.com:8443/tc?x=1",
    );
  });

  it.each([
    ["http://example.com/hook", "Enter an https:// address"],
    ["ftp://example.com/hook", "Enter an https:// address"],
    ["https://user:pass@example.com/hook", "Remove the user name and password from the address"],
    ["https://user@example.com/hook", "Remove the user name and password from the address"],
    ["https://example.com/hook#frag", "Remove the # and what follows it from the address"],
    ["https://example.com/hook#", "Remove the # and what follows it from the address"],
    ["example.com/hook", "Enter a full address, such as https://example.com/tradecraft-alerts"],
    ["   ", "Enter your webhook's address"],
    [`https://example.com/${"a".repeat(2030)}`, "Keep the address under 2,048 characters"],
  ])("refuses %s", (input, message) => {
    expect(messageOf(input)).toEqual([message]);
  });

  it("accepts exactly 2,048 characters", () => {
    const url = `https://example.com/${"a".repeat(2048 - "https://example.com/".length)}`;
    expect(url).toHaveLength(2048);
    expect(messageOf(url)).toBeNull();
  });

  it("accepts http:// only when allowed", () => {
    const schema = createWebhookUrlSchema({ allowHttp: true });
    expect(schema.parse("http://127.0.0.1:8080/hook")).toBe("http://127.0.0.1:8080/hook");
    expect(messageOf("ftp://example.com/", schema)).toEqual(["Enter an https:// or http:// address"]);
  });
});

describe("checkWebhookTarget", () => {
  it("refuses localhost, and accepts it when private addresses are allowed", async () => {
    expect(await checkWebhookTarget("https://localhost/hook")).toEqual({ ok: false, message: PRIVATE_ADDRESS_MESSAGE });
    expect(await checkWebhookTarget("https://localhost/hook", { allowPrivate: true })).toEqual({ ok: true });
  });

  it("checks IP literals without DNS", async () => {
    const lookup = () => Promise.reject(new Error("no DNS expected"));
    expect(await checkWebhookTarget("https://[::ffff:127.0.0.1]/", { lookup })).toEqual({
      ok: false,
      message: PRIVATE_ADDRESS_MESSAGE,
    });
    expect(await checkWebhookTarget("https://8.8.8.8/", { lookup })).toEqual({ ok: true });
  });

  it("refuses a host when any of its addresses is private", async () => {
    const lookup = async () => [
      { address: "93.184.215.14", family: 4 },
      { address: "10.0.0.5", family: 4 },
    ];
    expect(await checkWebhookTarget("https://mixed.example/", { lookup })).toEqual({
      ok: false,
      message: PRIVATE_ADDRESS_MESSAGE,
    });
  });

  it("accepts a host with only public addresses", async () => {
    const lookup = async () => [
      { address: "93.184.215.14", family: 4 },
      { address: "2606:2800:21f:cb07:6820:80da:af6b:8b2c", family: 6 },
    ];
    expect(await checkWebhookTarget("https://public.example/", { lookup })).toEqual({ ok: true });
  });

  it("refuses a host that does not resolve", async () => {
    const lookup = () => Promise.reject(Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }));
    expect(await checkWebhookTarget("https://nowhere.example/", { lookup })).toEqual({
      ok: false,
      message: UNRESOLVED_HOST_MESSAGE,
    });
    expect(await checkWebhookTarget("not a url")).toEqual({ ok: false, message: UNRESOLVED_HOST_MESSAGE });
    // .invalid never resolves (RFC 6761), so the real resolver says the same.
    expect(await checkWebhookTarget("https://nowhere.invalid/")).toEqual({
      ok: false,
      message: UNRESOLVED_HOST_MESSAGE,
    });
  });
});
