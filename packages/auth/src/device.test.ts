import { describe, expect, it } from "vitest";
import { deviceCookie, generateDeviceId, readDeviceCookie, signDevice, verifyDevice } from "./device.ts";

const SECRET = "a-test-secret-of-at-least-32-characters";

describe("device cookies", () => {
  it("vouch for the email they were issued for, and only that one", () => {
    const id = generateDeviceId();
    expect(id).toMatch(/^[a-z2-7]{26}$/);
    const value = signDevice(id, "kai@example.test", SECRET);
    expect(verifyDevice(value, "kai@example.test", SECRET)).toBe(id);
    expect(verifyDevice(value, "someone-else@example.test", SECRET)).toBeNull();
    expect(verifyDevice(value, "kai@example.test", `${SECRET}-rotated`)).toBeNull();
  });

  it("cannot be forged or altered", () => {
    const value = signDevice(generateDeviceId(), "kai@example.test", SECRET);
    const [id, mac] = value.split(".") as [string, string];
    const otherId = generateDeviceId();
    for (const forged of [
      `${otherId}.${mac}`,
      `${id}.${"0".repeat(64)}`,
      `${id}.${mac.slice(1)}`,
      `${id}${mac}`,
      "",
      "x.y",
      null,
    ]) {
      expect(verifyDevice(forged, "kai@example.test", SECRET)).toBeNull();
    }
  });

  it("are HttpOnly, SameSite=Lax, for a year, Secure when asked, and read back from a Cookie header", () => {
    const value = signDevice(generateDeviceId(), "kai@example.test", SECRET);
    expect(deviceCookie("web", value, { secure: false })).toBe(
      `tc_device=${value}; HttpOnly; SameSite=Lax; Path=/; Max-Age=31536000`,
    );
    expect(deviceCookie("admin", value, { secure: true })).toMatch(/^tc_admin_device=.*; Secure$/);
    expect(readDeviceCookie("web", `tc_session=abc; tc_device=${value}`)).toBe(value);
    expect(readDeviceCookie("admin", `tc_device=${value}`)).toBeNull();
    expect(readDeviceCookie("web", null)).toBeNull();
  });
});
