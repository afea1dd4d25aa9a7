// Runs with `pnpm --filter @tradecraft/web test` (node:test through tsx: this app has no vitest).
// Issue 11, defect 7: a page named by an id that leads nowhere is the 404 page, never a 500.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fieldError, TRPCError } from "@tradecraft/api";
import { coachRefusalOf } from "./coach.server.ts";
import { localDateTime } from "./journal.server.ts";
import { isUnknownId, orNotFound } from "./not-found.server.ts";

/** The BAD_REQUEST a procedure answers when its schema refused `field` (a zod error naming it). */
const refused = (field: string) => fieldError(field, "Must not contain control characters or unpaired surrogates");
const notFound = new TRPCError({ code: "NOT_FOUND", message: "That conversation was not found." });

/** What orNotFound threw: the Response a loader answers with. */
async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}

describe("orNotFound", () => {
  it("answers 404 for an unknown id or one the schema refused (%00), with the API's message when it has one", async () => {
    const unknown = await thrown(orNotFound(Promise.reject(notFound), "conversationId"));
    assert.equal(unknown.status, 404);
    assert.equal(await unknown.text(), "That conversation was not found.");
    const malformed = await thrown(orNotFound(Promise.reject(refused("conversationId")), "conversationId"));
    assert.equal(malformed.status, 404);
  });

  it("leaves other refusals to orRefusal (a 4xx page with the reason) and rethrows faults", async () => {
    const other = await thrown(orNotFound(Promise.reject(refused("title")), "conversationId"));
    assert.equal(other.status, 400);
    const fault = new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "boom" });
    await assert.rejects(orNotFound(Promise.reject(fault), "tradeId"), fault);
    assert.equal(await orNotFound(Promise.resolve(7), "tradeId"), 7);
  });

  it("isUnknownId looks at the id's field only", () => {
    assert.equal(isUnknownId(notFound, "tradeId"), true);
    assert.equal(isUnknownId(refused("tradeId"), "tradeId"), true);
    assert.equal(isUnknownId(refused("notes"), "tradeId"), false);
    assert.equal(isUnknownId(new Error("x"), "tradeId"), false);
  });
});

describe("coachRefusalOf", () => {
  it("an unknown or malformed conversation id is a 404 for the stream's script as for the page", () => {
    assert.deepEqual(coachRefusalOf(notFound), {
      status: 404,
      message: "That conversation was not found.",
      upgrade: false,
    });
    assert.deepEqual(coachRefusalOf(refused("conversationId")), {
      status: 404,
      message: "That conversation was not found.",
      upgrade: false,
    });
    assert.equal(coachRefusalOf(refused("text")).status, 400);
  });
});

describe("localDateTime", () => {
  it("reads a datetime-local value in the member's zone", () => {
    assert.deepEqual(localDateTime("2026-03-02T09:30", "America/New_York"), new Date("2026-03-02T14:30:00Z"));
    assert.deepEqual(localDateTime("2026-03-02T09:30:15", "UTC"), new Date("2026-03-02T09:30:15Z"));
    assert.equal(localDateTime("", "UTC"), null);
  });

  it("a day not on the calendar or an impossible time is unreadable, not rolled over (2026-02-30 was March 2)", () => {
    for (const text of [
      "2026-02-30T10:00",
      "2026-13-01T10:00",
      "2026-03-02T24:00",
      "2026-03-02T10:60",
      "2026-03-02",
      "2026-03-02T10:00Z",
      "x 1",
    ]) {
      assert.equal(localDateTime(text, "UTC"), undefined, text);
    }
  });
});
