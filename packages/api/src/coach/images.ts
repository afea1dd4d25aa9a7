// Chart screenshots attached to coach messages, kept in the configured storage.
import type { MemberContext } from "../journal/accounts.handler.ts";
import { type CheckedImage, IMAGE_EXTENSIONS } from "../media/image.ts";
import { newStorageKey, type StorageExtension } from "../storage/index.ts";

/** Stores a checked image under a fresh key of the member's; returns the key. */
export async function storeCoachImage(ctx: MemberContext, image: CheckedImage): Promise<string> {
  const key = newStorageKey(ctx.user.id, IMAGE_EXTENSIONS[image.contentType] as StorageExtension);
  await ctx.storage.put(key, image.bytes, image.contentType);
  return key;
}

/** Removes an image whose message was never saved; a failure is logged, not thrown. */
export async function deleteCoachImage(ctx: MemberContext, key: string): Promise<void> {
  try {
    await ctx.storage.delete(key);
  } catch (error) {
    ctx.logger.warn({ err: error, key }, "could not delete an unused coach image");
  }
}
