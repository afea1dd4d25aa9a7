import { TRPCError } from "@trpc/server";
import sharp, { type Metadata, type SharpOptions } from "sharp";
import type { ImageContentType } from "../constants.ts";

/**
 * Image checks for member uploads (trade screenshots, chart images sent to the coach) and the
 * Studio's images: the type comes from the bytes alone, never from a file name or a declared
 * Content-Type; decoding and re-encoding are left to libvips (through sharp), so no parser of ours
 * has to be kept safe. Re-encoding drops everything that is not pixels: EXIF with GPS positions,
 * XMP, ICC profiles (colours are converted to sRGB first), text chunks, comments, trailing bytes.
 */

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** Larger canvases are refused: a small file can declare a huge canvas that stalls browsers (and costs a fortune in vision tokens). */
export const MAX_IMAGE_SIDE = 16_384;
/**
 * Pixels decoded at most (all frames of an animation together): 40 MP holds a 6K screenshot
 * (6016 × 3384 ≈ 20 MP) twice over, and bounds a decompression bomb to ~160 MB of RGBA and a
 * few seconds of one core.
 */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** Backstop for one libvips job; the pixel limit should keep real ones well under a second or two. */
const PROCESSING_TIMEOUT_SECONDS = 10;

export { IMAGE_CONTENT_TYPES, type ImageContentType } from "../constants.ts";
export const IMAGE_EXTENSIONS: Record<ImageContentType, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "image/gif": "gif",
};

export type SniffedImage = { contentType: ImageContentType; width: number | null; height: number | null };
export type CheckedImage = { bytes: Uint8Array; contentType: ImageContentType; width: number; height: number };
export type Thumbnail = { bytes: Uint8Array; contentType: "image/webp"; width: number; height: number };

export const NOT_AN_IMAGE_MESSAGE = "This file is not a PNG, JPEG, WebP or GIF image.";
export const DAMAGED_IMAGE_MESSAGE = "This image file is damaged or incomplete. Please export it again and retry.";
export const TOO_MANY_PIXELS_MESSAGE = `Images can be at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels (8,000 × 5,000 pixels; the frames of an animation count together).`;
export const TOO_SLOW_IMAGE_MESSAGE =
  "This image took too long to process. Please export it at a smaller size and retry.";
const TOO_WIDE_MESSAGE = `Images can be at most ${MAX_IMAGE_SIDE.toLocaleString("en-US")} pixels wide or high.`;

/** An image that cannot be used; `message` is written for the member. */
export class ImageFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImageFormatError";
  }
}

// Server settings for a 2-core machine that also answers requests:
// - concurrency(1): one libvips thread per image. Extra threads per image would only compete with
//   the event loop and with the other image being processed; throughput comes from two images at once.
// - cache(false): the operation cache (50 MB by default) pays off when the same file is processed
//   again; uploads are each seen once, so it would only hold memory.
// - at most MAX_PARALLEL_IMAGES jobs at once (see withImageSlot): sharp runs on libuv's pool of 4
//   threads, which file reads, DNS lookups and password hashing share; two images leave them two.
sharp.concurrency(1);
sharp.cache(false);
const MAX_PARALLEL_IMAGES = 2;

/** The image type told by the magic bytes (and the size when the header has it at a fixed place), or null. */
export function sniffImage(bytes: Uint8Array): SniffedImage | null {
  const contentType = magicType(bytes);
  if (!contentType) return null;
  return { contentType, ...headerSize(bytes, contentType) };
}

/** Checks an upload and returns it re-encoded without metadata, or throws BAD_REQUEST with a message for the member. */
export async function checkImageUpload(bytes: Uint8Array, options: { maxBytes?: number } = {}): Promise<CheckedImage> {
  const maxBytes = options.maxBytes ?? MAX_IMAGE_BYTES;
  if (bytes.byteLength > maxBytes) throw badRequest(`Images can be at most ${formatMegabytes(maxBytes)}.`);
  try {
    return await reencode(bytes);
  } catch (error) {
    if (error instanceof ImageFormatError) throw badRequest(error.message);
    throw error;
  }
}

/** The size and sniffed type of an image (e.g. one a provider generated); throws ImageFormatError when it is not a usable image. */
export async function imageSize(
  bytes: Uint8Array,
): Promise<{ width: number; height: number; contentType: ImageContentType }> {
  const contentType = requireImageType(bytes);
  const meta = await readMetadata(bytes, contentType, false);
  return { ...displaySize(meta), contentType };
}

/** A WebP thumbnail that fits inside maxSide × maxSide (never enlarged), upright and without metadata; throws ImageFormatError. */
export async function makeThumbnail(bytes: Uint8Array, maxSide = 320): Promise<Thumbnail> {
  const contentType = requireImageType(bytes);
  await readMetadata(bytes, contentType, false); // refuses bombs before any pixel is decoded
  const { data, info } = await run(() =>
    // An animation's thumbnail is its first frame.
    sharp(bytes, { ...DECODE, autoOrient: true })
      .resize(maxSide, maxSide, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 75 })
      .timeout({ seconds: PROCESSING_TIMEOUT_SECONDS })
      .toBuffer({ resolveWithObject: true }),
  );
  return { bytes: new Uint8Array(data), contentType: "image/webp", width: info.width, height: info.height };
}

// failOn "error" refuses truncated and corrupt data but lets through the harmless warnings that many
// real exports carry (the default, "warning", would refuse those). The pixel limit is checked by
// libvips from the header, before decoding.
const DECODE = { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "error" } satisfies SharpOptions;

async function reencode(bytes: Uint8Array): Promise<CheckedImage> {
  const contentType = requireImageType(bytes);
  // GIF and WebP animations stay animated (a recorded chart replay is a fair upload); libvips
  // reads every frame as one tall strip, and the pixel limit counts all of them.
  const animated = contentType === "image/gif" || contentType === "image/webp";
  const meta = await readMetadata(bytes, contentType, animated);
  const pages = meta.pages ?? 1;
  // EXIF orientation is baked into the pixels because the EXIF block that carried it is dropped;
  // rotating a strip of frames would scramble them, and animations carry no orientation anyway.
  const autoOrient = pages === 1;
  const { data, info } = await run(() =>
    encoder(sharp(bytes, { ...DECODE, animated, autoOrient }), bytes, contentType, meta)
      .timeout({ seconds: PROCESSING_TIMEOUT_SECONDS })
      .toBuffer({ resolveWithObject: true }),
  );
  return {
    bytes: new Uint8Array(data),
    contentType,
    width: info.width,
    height: info.pageHeight ?? info.height,
  };
}

/** The same format again, with settings that keep what the source had (palette, lossless, animation). */
function encoder(image: sharp.Sharp, bytes: Uint8Array, contentType: ImageContentType, meta: Metadata): sharp.Sharp {
  switch (contentType) {
    case "image/png":
      // A palette PNG stays one (≤ 256 colours come back exactly at quality 100 without dithering);
      // written as truecolour it could grow several-fold.
      return image.png(meta.isPalette ? { palette: true, quality: 100, dither: 0 } : {});
    case "image/jpeg":
      // Each JPEG generation loses a little: quality 90 keeps chart lines and text crisp, and 4:4:4
      // sources (screenshots often are) keep their full colour resolution.
      return image.jpeg({ quality: 90, chromaSubsampling: meta.chromaSubsampling === "4:4:4" ? "4:4:4" : "4:2:0" });
    case "image/webp": {
      // Lossless sources (VP8L bitstreams) stay lossless. The byte search may be fooled by text in
      // a metadata chunk, which only costs a larger file.
      const lossless = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes("VP8L");
      return image.webp(lossless ? { lossless: true } : { quality: 90 });
    }
    case "image/gif":
      // Loop count and frame delays are kept; reuse keeps the source palette (no re-quantising).
      return image.gif({ reuse: true });
  }
}

function requireImageType(bytes: Uint8Array): ImageContentType {
  const contentType = magicType(bytes);
  if (!contentType) throw new ImageFormatError(NOT_AN_IMAGE_MESSAGE);
  return contentType;
}

/** The header as libvips reads it (no pixels decoded), with the size and pixel limits applied. */
async function readMetadata(bytes: Uint8Array, contentType: ImageContentType, animated: boolean): Promise<Metadata> {
  const meta = await run(() => sharp(bytes, { ...DECODE, animated }).metadata());
  // The magic bytes chose the type; libvips must agree, or the file is not what it claims to be.
  if (`image/${meta.format}` !== contentType) throw new ImageFormatError(DAMAGED_IMAGE_MESSAGE);
  const { width, height } = displaySize(meta);
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) throw new ImageFormatError(TOO_WIDE_MESSAGE);
  if (meta.width * meta.height > MAX_IMAGE_PIXELS) throw new ImageFormatError(TOO_MANY_PIXELS_MESSAGE);
  return meta;
}

/** Width and height of one frame as it is shown (after EXIF orientation). */
function displaySize(meta: Metadata): { width: number; height: number } {
  // Read as an animation, the height is that of the strip of all frames.
  if (meta.pageHeight && (meta.pages ?? 1) > 1) return { width: meta.width, height: meta.pageHeight };
  return { width: meta.autoOrient.width, height: meta.autoOrient.height };
}

/** Runs one libvips job in a slot, and turns whatever libvips throws into a message for the member. */
async function run<T>(job: () => Promise<T>): Promise<T> {
  try {
    return await withImageSlot(job);
  } catch (error) {
    if (error instanceof ImageFormatError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes("exceeds pixel limit")) throw new ImageFormatError(TOO_MANY_PIXELS_MESSAGE);
    if (message.startsWith("timeout")) throw new ImageFormatError(TOO_SLOW_IMAGE_MESSAGE);
    // Truncated data, bad checksums, impossible headers: libvips has many words for it, the member needs one.
    throw new ImageFormatError(DAMAGED_IMAGE_MESSAGE);
  }
}

let running = 0;
const waiting: (() => void)[] = [];

async function withImageSlot<T>(job: () => Promise<T>): Promise<T> {
  if (running < MAX_PARALLEL_IMAGES) running++;
  else await new Promise<void>((resolve) => waiting.push(resolve)); // the finishing job hands over its slot
  try {
    return await job();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function badRequest(message: string) {
  return new TRPCError({ code: "BAD_REQUEST", message });
}

function formatMegabytes(n: number) {
  const mb = n / (1024 * 1024);
  if (mb < 1) return `${Math.floor(n / 1024)} KB`;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

function magicType(b: Uint8Array): ImageContentType | null {
  if (startsWith(b, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(b, 0, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 4) === "WEBP") return "image/webp";
  const gif = ascii(b, 0, 6);
  if (gif === "GIF87a" || gif === "GIF89a") return "image/gif";
  return null;
}

/**
 * The canvas size where the format puts it at a fixed offset (PNG's IHDR, GIF's screen descriptor,
 * WebP's first chunk). A JPEG's size sits in a frame header after any number of segments: finding
 * it takes a parser, which is libvips's job (imageSize).
 */
function headerSize(b: Uint8Array, contentType: ImageContentType): { width: number | null; height: number | null } {
  const unknown = { width: null, height: null };
  if (contentType === "image/png" && b.length >= 24 && ascii(b, 12, 4) === "IHDR") {
    return { width: u32be(b, 16), height: u32be(b, 20) };
  }
  if (contentType === "image/gif" && b.length >= 10) return { width: u16le(b, 6), height: u16le(b, 8) };
  if (contentType === "image/webp" && b.length >= 30) {
    const chunk = ascii(b, 12, 4);
    if (chunk === "VP8X") return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
    if (chunk === "VP8L" && b[20] === 0x2f) {
      const bits = u32le(b, 21);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    if (chunk === "VP8 ") return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  return unknown;
}

function startsWith(b: Uint8Array, at: number, sig: number[]) {
  return b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
}

function ascii(b: Uint8Array, at: number, n: number) {
  if (at + n > b.length) return "";
  return String.fromCharCode(...b.subarray(at, at + n));
}

const u32be = (b: Uint8Array, i: number) => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const u32le = (b: Uint8Array, i: number) => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;

let crcTable: Uint32Array | null = null;

/** CRC-32 (ISO 3309), as PNG chunks use (tests build PNGs with it). */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const byte of data) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
