import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { assertStorageKey, contentTypeOfKey, type Storage } from "./storage.ts";

/**
 * Files on local disk under one directory. The content type is not stored: it follows from the
 * key's extension, which we chose from the sniffed type. Fine for one server; several app servers
 * need the S3 driver (or a shared volume).
 */
export function createLocalStorage(dir: string): Storage {
  const root = path.resolve(dir);

  function fileOf(key: string) {
    const file = path.resolve(root, assertStorageKey(key));
    // The key pattern already rules traversal out; this keeps it true if the pattern ever loosens.
    if (!file.startsWith(root + path.sep)) throw new Error("Invalid storage key");
    return file;
  }

  return {
    async put(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Write beside the target, flush, then rename: a reader sees the old file or the whole new one.
      const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
      const handle = await open(temp, "wx", 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } catch (error) {
        await handle.close();
        await rm(temp, { force: true });
        throw error;
      }
      await handle.close();
      try {
        await rename(temp, file);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },

    async get(key) {
      try {
        const bytes = await readFile(fileOf(key));
        return {
          bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          contentType: contentTypeOfKey(key),
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },

    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
  };
}
