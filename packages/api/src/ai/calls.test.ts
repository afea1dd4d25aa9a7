import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { describeAiError } from "./calls.ts";

describe("describeAiError: what AiCall's error column says", () => {
  it('names the SDK\'s error kinds, whose `name` is only "Error"', () => {
    const answer = (status: number, code?: string) =>
      OpenAI.APIError.generate(status, { error: { message: "m", code } }, "m", new Headers());
    expect(describeAiError(new OpenAI.APIConnectionTimeoutError())).toBe("timeout");
    expect(describeAiError(new OpenAI.APIUserAbortError())).toBe("aborted");
    expect(describeAiError(new OpenAI.APIConnectionError({ message: "ECONNRESET" }))).toBe("connection error");
    expect(describeAiError(answer(429, "rate_limit_exceeded"))).toBe(
      "rate limited status 429 code rate_limit_exceeded",
    );
    expect(describeAiError(answer(401))).toBe("authentication error status 401");
    expect(describeAiError(answer(400, "moderation_blocked"))).toBe("bad request status 400 code moderation_blocked");
    expect(describeAiError(answer(500))).toBe("server error status 500");
    expect(describeAiError(answer(502))).toBe("server error status 502");
  });

  it("keeps other errors' own names, and says what a thrown non-error was", () => {
    expect(describeAiError(new DOMException("The operation was aborted", "AbortError"))).toBe("AbortError");
    expect(describeAiError(new TypeError("fetch failed"))).toBe("TypeError");
    expect(describeAiError("boom")).toBe("boom");
  });
});
