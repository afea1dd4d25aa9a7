import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, redactUrl } from "./logger.ts";
import { isValidRequestId } from "./request-context.ts";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, logger: createLogger({ level: "info", pretty: false, destination }) };
}

describe("logger", () => {
  it("writes JSON with the level label and redacts passwords, tokens, cookies and authorization", () => {
    const { lines, logger } = capture();
    logger.child({ requestId: "req-12345678" }).info(
      {
        password: "hunter2-hunter2",
        input: { password: "nested-secret", token: "tok" },
        req: { headers: { cookie: "tc_session=abc", authorization: "Bearer xyz", accept: "text/html" } },
      },
      "signed in",
    );
    const line = lines[0]!;
    expect(line).toMatchObject({ level: "info", msg: "signed in", requestId: "req-12345678" });
    const text = JSON.stringify(line);
    for (const secret of ["hunter2-hunter2", "nested-secret", 'tok"', "tc_session=abc", "Bearer xyz"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("text/html");
  });

  it("redacts sensitive query parameters from URLs", () => {
    expect(redactUrl("/reset-password?token=abc123&next=%2Fapp")).toBe(
      "/reset-password?token=%5Bredacted%5D&next=%2Fapp",
    );
    expect(redactUrl("/journal?symbol=AAPL")).toBe("/journal?symbol=AAPL");
  });

  it("drops tRPC inputs from URLs, single and batched (they carry tokens and passwords as JSON)", () => {
    const input = encodeURIComponent(JSON.stringify({ json: { token: "a".repeat(20) + "SECRETRESET" } }));
    expect(redactUrl(`/api/trpc/auth.checkResetToken?input=${input}`)).toBe(
      "/api/trpc/auth.checkResetToken?input=%5Bredacted%5D",
    );
    const batch = encodeURIComponent(JSON.stringify({ 0: { json: { token: "SECRETRESET" } }, 1: { json: null } }));
    expect(redactUrl(`/api/trpc/auth.checkResetToken,system.status?batch=1&input=${batch}`)).toBe(
      "/api/trpc/auth.checkResetToken,system.status?batch=1&input=%5Bredacted%5D",
    );
  });

  it("redacts parameters named like secrets, links inside links, and token-like strings in paths and values", () => {
    expect(redactUrl("/unlock?resetToken=abc&access_token=def&newPassword=ghi&tab=x")).toBe(
      "/unlock?resetToken=%5Bredacted%5D&access_token=%5Bredacted%5D&newPassword=%5Bredacted%5D&tab=x",
    );
    // A sign-in page that returns to a reset link keeps the way back, not the token.
    const back = encodeURIComponent("/reset-password?token=SECRETRESET&x=1");
    expect(redactUrl(`/login?redirectTo=${back}`)).toBe(
      `/login?redirectTo=${encodeURIComponent("/reset-password?token=%5Bredacted%5D&x=1")}`,
    );
    const token = "k7x2m4q5r6s7t2u3v4w5x6y7z2a3b4c5d6e7f2g3h4i5j6k7l2mn"; // 52 base32 characters, as we mail them
    expect(redactUrl(`/links/${token}/open`)).toBe("/links/[redacted]/open");
    expect(redactUrl(`/anything?t=${token}`)).toBe("/anything?t=%5Bredacted%5D");
    // Ordinary ids and words stay readable.
    expect(redactUrl("/app/journal/cm3x1y2z3000008l4abcd1234?symbol=AAPL&tag=opening-range-breakout")).toBe(
      "/app/journal/cm3x1y2z3000008l4abcd1234?symbol=AAPL&tag=opening-range-breakout",
    );
  });

  it("redacts a url field of any log line the same way, and secrets nested in procedure inputs", () => {
    const { lines, logger } = capture();
    logger.info(
      {
        url: "/reset-password?token=SECRETRESET",
        req: { url: "/api/trpc/auth.checkResetToken?input=SECRETINPUT" },
        procedure: { input: { json: { token: "SECRETNESTED", password: "SECRETPASSWORD" } } },
      },
      "something happened",
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of ["SECRETRESET", "SECRETINPUT", "SECRETNESTED", "SECRETPASSWORD"])
      expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ url: "/reset-password?token=%5Bredacted%5D" });
  });
});

describe("isValidRequestId", () => {
  it("accepts UUIDs and common trace ids, rejects forged ones", () => {
    expect(isValidRequestId("3f1c2a9e-7b1d-4c55-9a57-1f0e3a2b4c5d")).toBe(true);
    expect(isValidRequestId("abc")).toBe(false);
    expect(isValidRequestId("x".repeat(129))).toBe(false);
    expect(isValidRequestId("id-with-<script>")).toBe(false);
    expect(isValidRequestId("line\nbreak-12345")).toBe(false);
  });
});
