import { randomBytes } from "node:crypto";

/** Where uploaded files live; keys are ours (see newStorageKey), never a member's file name. */
export interface Storage {
  /** Stores the bytes under key, replacing what was there; readers never see half a file. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The stored bytes and their type, or null when nothing is stored under key. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes the object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
}

export type StoredObject = { bytes: Uint8Array; contentType: string };

export const STORAGE_EXTENSIONS = {
  png: "image/png",
  jpg: "image/jpeg",
  webp: "image/webp",
  gif: "image/gif",
} as const;
export type StorageExtension = keyof typeof STORAGE_EXTENSIONS;

// "<owner id>/<random id>.<ext>": no dots, slashes or anything a file system or URL treats specially
// elsewhere, so a key can be neither a path traversal nor a surprise on S3.
const KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}\/[a-z0-9]{16,64}\.(png|jpg|webp|gif)$/;

/** A fresh key for an owner's file: `<userId>/<random id>.<ext>`. */
export function newStorageKey(ownerId: string, ext: StorageExtension): string {
  return assertStorageKey(`${ownerId}/c${randomId()}.${ext}`);
}

/** Returns the key if it has our shape; throws otherwise (never pass a member's text as a key). */
export function assertStorageKey(key: string): string {
  if (!KEY_PATTERN.test(key)) throw new Error("Invalid storage key");
  return key;
}

/** The content type a key's extension stands for. */
export function contentTypeOfKey(key: string): string {
  const ext = key.slice(key.lastIndexOf(".") + 1) as StorageExtension;
  return STORAGE_EXTENSIONS[ext] ?? "application/octet-stream";
}

// 24 base-36 characters from 16 random bytes (~124 bits): unguessable and collision-free in practice.
function randomId() {
  const n = BigInt(`0x${randomBytes(16).toString("hex")}`);
  return n.toString(36).padStart(25, "0").slice(-24);
}
