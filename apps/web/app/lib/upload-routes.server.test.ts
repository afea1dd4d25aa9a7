// Runs with `pnpm --filter @tradecraft/web test` (node:test through tsx).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { uploadLimitOf } from "./upload-routes.server.ts";

describe("upload routes", () => {
  it("take large bodies on the import page, a trade page, a coach conversation and their tRPC procedures", () => {
    assert.equal(uploadLimitOf("/app/journal/import"), 12 * 1024 * 1024);
    assert.equal(uploadLimitOf("/app/journal/cm1abc2def3"), 12 * 1024 * 1024);
    assert.equal(uploadLimitOf("/app/coach/cm1conv"), 12 * 1024 * 1024);
    assert.equal(uploadLimitOf("/api/trpc/imports.preview"), 24 * 1024 * 1024);
    assert.equal(uploadLimitOf("/api/trpc/coach.send"), 16 * 1024 * 1024);
  });

  it("leave every other page at the default limit, the journal's named pages included", () => {
    for (const path of [
      "/app/journal/setups",
      "/app/journal/accounts",
      "/app/journal/new",
      "/app/journal/imports",
      "/app/journal/export.csv",
      "/app/journal/cm1abc/edit",
      "/app/coach",
      "/app/settings/profile",
      "/login",
      "/api/trpc/journal.create",
    ]) {
      assert.equal(uploadLimitOf(path), null, path);
    }
  });
});
