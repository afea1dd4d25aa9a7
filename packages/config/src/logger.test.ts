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
    for (const secret of ["hunter2-hunter2", "nested-secret", "tok\"", "tc_session=abc", "Bearer xyz"]) {
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
