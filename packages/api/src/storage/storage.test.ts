// Both drivers for real: the local one on a temporary directory, the S3 one through the real
// SDK over HTTP to the S3-compatible stub (which checks every request's SigV4 signature).
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startS3Server, type TestS3Server } from "@tradecraft/testing/s3-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStorage, newStorageKey, type Storage } from "./index.ts";
import { assertStorageKey } from "./storage.ts";

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const gif = new TextEncoder().encode("GIF89a-other-bytes");

function behavesLikeStorage(storage: () => Storage) {
  it("puts, gets and deletes; a missing key reads as null and deletes quietly", async () => {
    const key = newStorageKey("cm0owner1", "png");
    expect(await storage().get(key)).toBeNull();
    await storage().put(key, png, "image/png");
    const stored = await storage().get(key);
    expect(stored?.contentType).toBe("image/png");
    expect(Buffer.from(stored!.bytes)).toEqual(Buffer.from(png));
    await storage().delete(key);
    expect(await storage().get(key)).toBeNull();
    await expect(storage().delete(key)).resolves.toBeUndefined();
  });

  it("a second put replaces the first", async () => {
    const key = newStorageKey("cm0owner1", "gif");
    await storage().put(key, png, "image/gif");
    await storage().put(key, gif, "image/gif");
    expect(Buffer.from((await storage().get(key))!.bytes)).toEqual(Buffer.from(gif));
  });

  it("refuses keys that are not ours before touching anything", async () => {
    for (const key of [
      "../etc/passwd",
      "cm0owner1/../../x.png",
      "/abs/aaaaaaaaaaaaaaaaaaaa.png",
      "cm0owner1/aaaaaaaaaaaaaaaaaaaa.svg",
      "a/b/aaaaaaaaaaaaaaaaaaaa.png",
      "cm0owner1\\..\\aaaaaaaaaaaaaaaaaaaa.png",
    ]) {
      await expect(storage().put(key, png, "image/png")).rejects.toThrow("Invalid storage key");
      await expect(storage().get(key)).rejects.toThrow("Invalid storage key");
      await expect(storage().delete(key)).rejects.toThrow("Invalid storage key");
    }
  });
}

describe("storage keys", () => {
  it("are <owner>/<random>.<ext>, different every time", () => {
    const a = newStorageKey("cm0owner1", "webp");
    const b = newStorageKey("cm0owner1", "webp");
    expect(a).toMatch(/^cm0owner1\/c[a-z0-9]{24}\.webp$/);
    expect(a).not.toBe(b);
    expect(assertStorageKey(a)).toBe(a);
  });
});

describe("local disk driver", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tradecraft-uploads-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  behavesLikeStorage(() => createStorage({ driver: "local", dir }));

  it("writes <dir>/<owner>/<file> and leaves no temporary file behind", async () => {
    const storage = createStorage({ driver: "local", dir });
    const key = newStorageKey("cm0owner2", "png");
    await storage.put(key, png, "image/png");
    expect(Buffer.from(await readFile(path.join(dir, key)))).toEqual(Buffer.from(png));
    expect(await readdir(path.join(dir, "cm0owner2"))).toEqual([key.split("/")[1]]);
  });
});

describe("S3 driver", () => {
  let s3: TestS3Server;
  const keys = { accessKeyId: "AKIATESTTRADECRAFT", secretAccessKey: "test-secret-key-for-the-stub" };
  beforeAll(async () => {
    s3 = await startS3Server({ bucket: "screenshots", ...keys });
  });
  afterAll(async () => {
    await s3?.stop();
  });
  const s3Storage = (overrides: Partial<typeof keys> = {}) =>
    createStorage({
      driver: "s3",
      bucket: "screenshots",
      endpoint: s3.url,
      region: "us-east-1",
      forcePathStyle: true,
      ...keys,
      ...overrides,
    });

  behavesLikeStorage(() => s3Storage());

  it("stores the object under its key with its content type, in the bucket's path", async () => {
    const key = newStorageKey("cm0owner3", "png");
    await s3Storage().put(key, png, "image/png");
    expect(s3.objects.get(key)?.contentType).toBe("image/png");
    expect(s3.requests.at(-1)).toEqual({ method: "PUT", key, status: 200 });
  });

  it("a wrong secret or an unknown access key is refused by the server, and the driver says so", async () => {
    const key = newStorageKey("cm0owner3", "png");
    await expect(s3Storage({ secretAccessKey: "not-the-secret" }).put(key, png, "image/png")).rejects.toThrow(
      /signature/i,
    );
    await expect(s3Storage({ accessKeyId: "AKIAUNKNOWN" }).get(key)).rejects.toThrow(/access key/i);
    expect(s3.objects.has(key)).toBe(false);
  });
});
