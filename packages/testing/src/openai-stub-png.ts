// The few image bytes the OpenAI stub handles by itself: it writes small solid-colour PNGs as its
// generated images and tells uploaded images apart by their magic bytes. node:zlib only, so the
// stub keeps running where no native image library is installed (CI, `AI_STUB=1 pnpm dev`).
import { deflateSync } from "node:zlib";

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** The CRC-32 (ISO 3309, as in PNG and zip) of some bytes. (zlib.crc32 needs Node 20.15; we allow 20.11.) */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export type Rgb = readonly [number, number, number];

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/**
 * A valid PNG of `width`x`height` pixels in one colour. With `transparentMargin`, an RGBA image
 * whose outer eighth on each side is fully transparent (a "subject" on a transparent background).
 */
export function solidPng(width: number, height: number, [r, g, b]: Rgb, transparentMargin = false): Buffer {
  const channels = transparentMargin ? 4 : 3;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  // Bit depth 8; colour type 2 (RGB) or 6 (RGBA); deflate; adaptive filtering; no interlace.
  header.set([8, transparentMargin ? 6 : 2, 0, 0, 0], 8);
  const rowBytes = 1 + width * channels;
  const pixels = Buffer.alloc(rowBytes * height);
  const marginX = Math.floor(width / 8);
  const marginY = Math.floor(height / 8);
  for (let y = 0; y < height; y++) {
    // Each row starts with filter type 0 (None), already zero.
    for (let x = 0; x < width; x++) {
      const at = y * rowBytes + 1 + x * channels;
      pixels.set([r, g, b], at);
      if (transparentMargin) {
        const inside = x >= marginX && x < width - marginX && y >= marginY && y < height - marginY;
        pixels[at + 3] = inside ? 255 : 0;
      }
    }
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(pixels)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

export type SniffedImageType = "image/png" | "image/jpeg" | "image/webp" | "image/gif";

/** The image type the bytes start like (whatever the upload claims), or undefined for anything else. */
export function sniffImageType(bytes: Uint8Array): SniffedImageType | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 12));
  if (b.subarray(0, 8).equals(PNG_SIGNATURE)) return "image/png";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP") return "image/webp";
  if (/^GIF8[79]a/.test(b.toString("latin1", 0, 6))) return "image/gif";
  return undefined;
}
