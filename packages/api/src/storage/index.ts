import path from "node:path";
import { getEnv, type Logger } from "@tradecraft/config";
import { repoRoot } from "@tradecraft/db";
import { createLocalStorage } from "./local.ts";
import { createS3Storage, type S3StorageOptions } from "./s3.ts";
import type { Storage } from "./storage.ts";

export {
  assertStorageKey,
  contentTypeOfKey,
  newStorageKey,
  type Storage,
  type StoredObject,
  type StorageExtension,
} from "./storage.ts";

export type StorageOptions = { driver: "local"; dir: string } | ({ driver: "s3" } & S3StorageOptions);

/** A storage driver built from explicit options (tests, scripts). */
export function createStorage(options: StorageOptions): Storage {
  return options.driver === "local" ? createLocalStorage(options.dir) : createS3Storage(options);
}

let cached: Storage | undefined;

/** The process's storage, chosen once from the environment: S3 when S3_BUCKET is set, else UPLOADS_DIR or .data/uploads. */
export function getStorage(): Storage {
  cached ??= createStorage(storageOptionsFromEnv());
  return cached;
}

function storageOptionsFromEnv(): StorageOptions {
  const env = getEnv();
  if (env.S3_BUCKET) {
    return {
      driver: "s3",
      bucket: env.S3_BUCKET,
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
    };
  }
  return { driver: "local", dir: path.resolve(repoRoot(), env.UPLOADS_DIR ?? path.join(".data", "uploads")) };
}

/**
 * Removes stored files one by one after their rows are gone; a failure is logged and the rest go
 * on (a file without a row is waste, never a broken record).
 */
export async function deleteStoredFiles(ctx: { storage: Storage; logger: Logger }, keys: string[]) {
  for (const key of keys) {
    try {
      await ctx.storage.delete(key);
    } catch (error) {
      ctx.logger.warn({ event: "storage.delete_failed", err: error }, "could not delete a stored file");
    }
  }
}
