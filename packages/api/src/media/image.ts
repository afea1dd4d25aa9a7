import { TRPCError } from "@trpc/server";

/**
 * Image checks for member uploads (trade screenshots, chart images sent to the coach): the type
 * comes from the bytes alone, never from a file name or a declared Content-Type, and metadata
 * (EXIF with GPS positions, XMP, text comments) is removed before anything is stored.
 * Pure: no I/O, no native dependency.
 */

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** Larger canvases are refused: a small file can declare a huge canvas that stalls browsers (and costs a fortune in vision tokens). */
export const MAX_IMAGE_SIDE = 16_384;

import type { ImageContentType } from "../constants.ts";

export { IMAGE_CONTENT_TYPES, type ImageContentType } from "../constants.ts";
export const IMAGE_EXTENSIONS: Record<ImageContentType, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "image/gif": "gif",
};

export type SniffedImage = { contentType: ImageContentType; width: number | null; height: number | null };
export type CheckedImage = {
  bytes: Uint8Array;
  contentType: ImageContentType;
  width: number | null;
  height: number | null;
};

/** A file whose structure does not hold together (truncated, lengths past the end, bad checksums). */
export class ImageFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImageFormatError";
  }
}

export const NOT_AN_IMAGE_MESSAGE = "This file is not a PNG, JPEG, WebP or GIF image.";
export const DAMAGED_IMAGE_MESSAGE = "This image file is damaged or incomplete. Please export it again and retry.";

/** The image type told by the magic bytes (and the size from the header when it can be read), or null. */
export function sniffImage(bytes: Uint8Array): SniffedImage | null {
  const contentType = magicType(bytes);
  if (!contentType) return null;
  try {
    const { width, height } = parse(bytes, contentType);
    return { contentType, width, height };
  } catch {
    return { contentType, width: null, height: null };
  }
}

/** The same image without its metadata; throws ImageFormatError when the structure is broken. */
export function stripImageMetadata(bytes: Uint8Array, contentType: ImageContentType): Uint8Array {
  return parse(bytes, contentType).bytes;
}

/** Checks an upload and returns it stripped of metadata, or throws BAD_REQUEST with a message for the member. */
export function checkImageUpload(bytes: Uint8Array, options: { maxBytes?: number } = {}): CheckedImage {
  const maxBytes = options.maxBytes ?? MAX_IMAGE_BYTES;
  if (bytes.byteLength > maxBytes) throw badRequest(`Images can be at most ${formatMegabytes(maxBytes)}.`);
  const contentType = magicType(bytes);
  if (!contentType) throw badRequest(NOT_AN_IMAGE_MESSAGE);
  let parsed: Parsed;
  try {
    parsed = parse(bytes, contentType);
  } catch (error) {
    if (error instanceof ImageFormatError) throw badRequest(DAMAGED_IMAGE_MESSAGE);
    throw error;
  }
  if ((parsed.width ?? 0) > MAX_IMAGE_SIDE || (parsed.height ?? 0) > MAX_IMAGE_SIDE) {
    throw badRequest(`Images can be at most ${MAX_IMAGE_SIDE.toLocaleString("en-US")} pixels wide or high.`);
  }
  return { bytes: parsed.bytes, contentType, width: parsed.width, height: parsed.height };
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

type Parsed = { bytes: Uint8Array; width: number | null; height: number | null };

function parse(bytes: Uint8Array, contentType: ImageContentType): Parsed {
  switch (contentType) {
    case "image/png":
      return parsePng(bytes);
    case "image/jpeg":
      return parseJpeg(bytes);
    case "image/webp":
      return parseWebp(bytes);
    case "image/gif":
      return parseGif(bytes);
  }
}

// ---------- PNG (https://www.w3.org/TR/png-3/) ----------

// Chunks that only describe how to draw the pixels; everything else ancillary (tEXt, zTXt, iTXt,
// eXIf, tIME, private chunks) can carry text about the member and is dropped.
const PNG_KEPT = new Set([
  "IHDR",
  "PLTE",
  "IDAT",
  "IEND",
  "tRNS",
  "gAMA",
  "cHRM",
  "sRGB",
  "iCCP",
  "sBIT",
  "pHYs",
  "bKGD",
  "hIST",
  "sPLT",
  "cICP",
  "mDCV",
  "cLLI",
  "mDCv",
  "cLLi",
  "acTL",
  "fcTL",
  "fdAT",
]);

function parsePng(b: Uint8Array): Parsed {
  const out = new Chunks();
  out.push(b.subarray(0, 8));
  let pos = 8;
  let width: number | null = null;
  let height: number | null = null;
  let sawIdat = false;
  for (let index = 0; ; index++) {
    need(b, pos, 12);
    const length = u32be(b, pos);
    const type = ascii(b, pos + 4, 4);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new ImageFormatError("bad PNG chunk type");
    need(b, pos + 8, length + 4);
    const end = pos + 12 + length;
    if (crc32(b.subarray(pos + 4, pos + 8 + length)) !== u32be(b, pos + 8 + length))
      throw new ImageFormatError(`bad CRC in ${type}`);
    if (index === 0) {
      if (type !== "IHDR" || length !== 13) throw new ImageFormatError("PNG must start with IHDR");
      width = u32be(b, pos + 8);
      height = u32be(b, pos + 12);
      if (width === 0 || height === 0) throw new ImageFormatError("empty PNG");
    }
    if (type === "IDAT") sawIdat = true;
    const critical = type.charCodeAt(0) < 0x61;
    if (PNG_KEPT.has(type)) out.push(b.subarray(pos, end));
    else if (critical) throw new ImageFormatError(`unknown critical chunk ${type}`);
    pos = end;
    // Bytes after IEND are not part of the image (and a classic hiding place): they are dropped.
    if (type === "IEND") break;
  }
  if (!sawIdat) throw new ImageFormatError("PNG without image data");
  return { bytes: out.join(), width, height };
}

// ---------- JPEG (ITU T.81, JFIF) ----------

function parseJpeg(b: Uint8Array): Parsed {
  const out = new Chunks();
  out.push(b.subarray(0, 2));
  let pos = 2;
  let width: number | null = null;
  let height: number | null = null;
  let sawFrame = false;
  let sawScan = false;
  for (;;) {
    need(b, pos, 2);
    if (b[pos] !== 0xff) throw new ImageFormatError("JPEG marker expected");
    // Any number of 0xFF fill bytes may precede a marker.
    while (b[pos + 1] === 0xff) {
      pos++;
      need(b, pos, 2);
    }
    const marker = b[pos + 1]!;
    if (marker === 0xd9) {
      out.push(b.subarray(pos, pos + 2));
      break;
    }
    if (marker === 0x00 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      throw new ImageFormatError("unexpected JPEG marker");
    }
    need(b, pos, 4);
    const length = u16be(b, pos + 2);
    if (length < 2) throw new ImageFormatError("bad JPEG segment length");
    need(b, pos + 2, length);
    const end = pos + 2 + length;
    if (isStartOfFrame(marker)) {
      if (length < 8) throw new ImageFormatError("short JPEG frame header");
      height = u16be(b, pos + 5) || null; // 0 means "given later by a DNL segment"
      width = u16be(b, pos + 7);
      if (width === 0) throw new ImageFormatError("empty JPEG");
      sawFrame = true;
    }
    if (keepJpegSegment(b, pos, marker, length)) out.push(b.subarray(pos, end));
    pos = end;
    if (marker === 0xda) {
      if (!sawFrame) throw new ImageFormatError("JPEG scan before frame");
      sawScan = true;
      const dataEnd = endOfEntropyData(b, pos);
      out.push(b.subarray(pos, dataEnd));
      pos = dataEnd;
    }
  }
  if (!sawScan) throw new ImageFormatError("JPEG without image data");
  return { bytes: out.join(), width, height };
}

function isStartOfFrame(marker: number) {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function keepJpegSegment(b: Uint8Array, pos: number, marker: number, length: number) {
  if (marker === 0xfe) return false; // COM
  if (marker === 0xe0) return true; // APP0 (JFIF)
  // APP14 "Adobe" is kept, and only in its 12-byte form: it says whether a 3- or 4-channel image is
  // YCbCr/YCCK, so without it CMYK and some RGB JPEGs decode with wrong colours. It holds no text.
  if (marker === 0xee) return length === 14 && ascii(b, pos + 4, 5) === "Adobe";
  return !(marker >= 0xe1 && marker <= 0xef); // APP1..APP15: EXIF, XMP, ICC, Photoshop IRB, ...
}

/** The offset of the first marker after entropy-coded data (stuffed 0xFF00 and restart markers belong to the data). */
function endOfEntropyData(b: Uint8Array, start: number) {
  for (let i = start; i + 1 < b.length; i++) {
    if (b[i] !== 0xff) continue;
    const next = b[i + 1]!;
    if (next === 0x00 || next === 0xff || (next >= 0xd0 && next <= 0xd7)) continue;
    return i;
  }
  throw new ImageFormatError("JPEG data ends without an end marker");
}

// ---------- WebP (RIFF; https://developers.google.com/speed/webp/docs/riff_container) ----------

const WEBP_KEPT = new Set(["VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF", "ICCP"]);
const VP8X_EXIF_FLAG = 0x08;
const VP8X_XMP_FLAG = 0x04;

function parseWebp(b: Uint8Array): Parsed {
  need(b, 0, 12);
  const riffSize = u32le(b, 4);
  if (riffSize < 4 || riffSize % 2 !== 0) throw new ImageFormatError("bad RIFF size");
  need(b, 0, 8 + riffSize);
  const end = 8 + riffSize; // anything after the RIFF container is dropped
  const chunks: Uint8Array[] = [];
  let pos = 12;
  let width: number | null = null;
  let height: number | null = null;
  let sawBitstream = false;
  let index = 0;
  while (pos < end) {
    if (pos + 8 > end) throw new ImageFormatError("truncated WebP chunk header");
    const type = ascii(b, pos, 4);
    const size = u32le(b, pos + 4);
    const padded = size + (size % 2);
    if (pos + 8 + padded > end) throw new ImageFormatError(`truncated WebP chunk ${type}`);
    const data = b.subarray(pos + 8, pos + 8 + size);
    if (type === "VP8X") {
      if (index !== 0 || size < 10) throw new ImageFormatError("misplaced VP8X");
      width = u24le(data, 4) + 1;
      height = u24le(data, 7) + 1;
      const copy = b.slice(pos, pos + 8 + padded);
      copy[8] = copy[8]! & ~(VP8X_EXIF_FLAG | VP8X_XMP_FLAG);
      chunks.push(copy);
    } else {
      if (type === "VP8 " || type === "VP8L") {
        sawBitstream = true;
        if (width === null) ({ width, height } = type === "VP8 " ? vp8Size(data) : vp8lSize(data));
      }
      if (type === "ANMF") sawBitstream = true;
      if (WEBP_KEPT.has(type)) chunks.push(b.subarray(pos, pos + 8 + padded));
    }
    pos += 8 + padded;
    index++;
  }
  if (!sawBitstream) throw new ImageFormatError("WebP without image data");
  const body = concat(chunks);
  const out = new Uint8Array(12 + body.length);
  out.set(b.subarray(0, 12));
  new DataView(out.buffer).setUint32(4, 4 + body.length, true);
  out.set(body, 12);
  return { bytes: out, width, height };
}

function vp8Size(d: Uint8Array) {
  if (d.length < 10 || d[3] !== 0x9d || d[4] !== 0x01 || d[5] !== 0x2a) throw new ImageFormatError("bad VP8 header");
  return { width: u16le(d, 6) & 0x3fff, height: u16le(d, 8) & 0x3fff };
}

function vp8lSize(d: Uint8Array) {
  if (d.length < 5 || d[0] !== 0x2f) throw new ImageFormatError("bad VP8L header");
  const bits = u32le(d, 1);
  return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
}

// ---------- GIF (GIF89a specification) ----------

function parseGif(b: Uint8Array): Parsed {
  need(b, 0, 13);
  const width = u16le(b, 6);
  const height = u16le(b, 8);
  let pos = 13 + colorTableSize(b[10]!);
  need(b, 0, pos);
  const out = new Chunks();
  out.push(b.subarray(0, pos));
  let sawImage = false;
  for (;;) {
    need(b, pos, 1);
    const introducer = b[pos]!;
    if (introducer === 0x3b) {
      out.push(b.subarray(pos, pos + 1));
      break;
    }
    if (introducer === 0x2c) {
      need(b, pos, 10);
      let end = pos + 10 + colorTableSize(b[pos + 9]!);
      need(b, end, 1); // LZW minimum code size
      end = skipSubBlocks(b, end + 1);
      out.push(b.subarray(pos, end));
      sawImage = true;
      pos = end;
    } else if (introducer === 0x21) {
      need(b, pos, 2);
      const label = b[pos + 1]!;
      const end = skipSubBlocks(b, pos + 2);
      if (keepGifExtension(b, pos, label)) out.push(b.subarray(pos, end));
      pos = end;
    } else {
      throw new ImageFormatError("unknown GIF block");
    }
  }
  if (!sawImage) throw new ImageFormatError("GIF without an image");
  return { bytes: out.join(), width: width || null, height: height || null };
}

function colorTableSize(packed: number) {
  return packed & 0x80 ? 3 * 2 ** ((packed & 0x07) + 1) : 0;
}

function keepGifExtension(b: Uint8Array, pos: number, label: number) {
  if (label === 0xfe) return false; // comment
  // Application extensions carry XMP, ICC and vendor data; only the NETSCAPE2.0 loop count matters to display.
  if (label === 0xff) return b[pos + 2] === 11 && ascii(b, pos + 3, 11) === "NETSCAPE2.0";
  return true; // graphic control, plain text
}

function skipSubBlocks(b: Uint8Array, pos: number) {
  for (;;) {
    need(b, pos, 1);
    const size = b[pos]!;
    pos += 1;
    if (size === 0) return pos;
    need(b, pos, size);
    pos += size;
  }
}

// ---------- bytes ----------

class Chunks {
  private parts: Uint8Array[] = [];
  push(part: Uint8Array) {
    this.parts.push(part);
  }
  join() {
    return concat(this.parts);
  }
}

function concat(parts: Uint8Array[]) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function need(b: Uint8Array, pos: number, n: number) {
  if (n < 0 || pos + n > b.length) throw new ImageFormatError("unexpected end of file");
}

function startsWith(b: Uint8Array, at: number, sig: number[]) {
  return b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
}

function ascii(b: Uint8Array, at: number, n: number) {
  if (at + n > b.length) return "";
  return String.fromCharCode(...b.subarray(at, at + n));
}

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u32be = (b: Uint8Array, i: number) => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const u32le = (b: Uint8Array, i: number) => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;

let crcTable: Uint32Array | null = null;

/** CRC-32 (ISO 3309), as PNG chunks use. */
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
