import { describe, expect, it } from "vitest";
import { errorOf } from "./job-queues.ts";

describe("a failed job's error as the system page shows it", () => {
  it("reads the message of a thrown error", () => {
    expect(errorOf({ name: "Error", message: "SMTP refused the sender", stack: "Error: …" })).toBe(
      "SMTP refused the sender",
    );
  });

  it("reads pg-boss's own timeout, which it stores wrapped as { value: { message } }", () => {
    expect(errorOf({ value: { message: "job failed by timeout in active state" } })).toBe(
      "job failed by timeout in active state",
    );
    expect(errorOf({ value: "handler gave up" })).toBe("handler gave up");
  });

  it("shows anything else as JSON, cut to 300 characters; nothing for no output", () => {
    expect(errorOf({ code: 42 })).toBe('{"code":42}');
    expect(errorOf({ value: 7 })).toBe('{"value":7}');
    const long = errorOf({ message: "x".repeat(1_000) })!;
    expect(long).toHaveLength(300);
    expect(long.endsWith("…")).toBe(true);
    expect(errorOf(null)).toBeNull();
    expect(errorOf(undefined)).toBeNull();
  });
});
