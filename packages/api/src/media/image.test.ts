// Image checks against real libvips (sharp): files are built by hand where a byte-level detail is
// the point (metadata chunks, broken lengths, declared sizes) and by sharp where pixels are.
import { deflateSync } from "node:zlib";
import { TRPCError } from "@trpc/server";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import {
  checkImageUpload,
  crc32,
  DAMAGED_IMAGE_MESSAGE,
  ImageFormatError,
  imageSize,
  makeThumbnail,
  MAX_IMAGE_BYTES,
  NOT_AN_IMAGE_MESSAGE,
  sniffImage,
  TOO_MANY_PIXELS_MESSAGE,
} from "./image.ts";

const enc = new TextEncoder();
const bytes = (...parts: (Uint8Array | number[] | string)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? enc.encode(p) : Uint8Array.from(p))));
const contains = (haystack: Uint8Array, needle: string) => Buffer.from(haystack).includes(needle);
const be32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const le32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const be16 = (n: number) => [(n >>> 8) & 0xff, n & 0xff];
const le16 = (n: number) => [n & 0xff, (n >>> 8) & 0xff];

async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (error instanceof TRPCError) return error;
  throw error ?? new Error("expected a refusal");
}
/** The decoded pixels, as sharp reads them (RGB or RGBA, 8 bits). */
const pixels = async (image: Uint8Array) => Buffer.from(await sharp(image).raw().toBuffer());
const solid = (width: number, height: number, background: string) =>
  sharp({ create: { width, height, channels: 3, background } });

// ---------- PNG ----------
function pngChunk(type: string, data: Uint8Array | number[]) {
  const body = bytes(type, data);
  return bytes(be32(body.length - 4), body, be32(crc32(body)));
}
const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// 2×1 RGB: one emerald pixel, one champagne pixel; each scanline starts with filter byte 0.
const PIXELS = Uint8Array.from([0, 0x10, 0xb9, 0x81, 0xf3, 0xe5, 0xab]);
const pngHeader = (width: number, height: number) => pngChunk("IHDR", [...be32(width), ...be32(height), 8, 2, 0, 0, 0]);
const ihdr = pngHeader(2, 1);
const idat = pngChunk("IDAT", deflateSync(PIXELS));
const iend = pngChunk("IEND", []);
const phys = pngChunk("pHYs", [...be32(2835), ...be32(2835), 1]);
const CLEAN_PNG = bytes(PNG_SIG, ihdr, idat, iend);

describe("PNG", () => {
  const withMetadata = bytes(
    PNG_SIG,
    ihdr,
    pngChunk("tEXt", bytes("Comment\0GPSLatitude=48.858370 N, GPSLongitude=2.294481 E")),
    pngChunk("iTXt", bytes("XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>CreatorTool</x:xmpmeta>")),
    pngChunk("zTXt", bytes("Author\0\0", deflateSync(enc.encode("Jane Member")))),
    pngChunk("eXIf", bytes("MM\0*GPSInfo")),
    pngChunk("tIME", [0x07, 0xea, 3, 2, 14, 30, 0]),
    phys,
    idat,
    iend,
    "trailing bytes after IEND with an email jane@example.com",
  );

  it("is told by its bytes, with its size from IHDR", () => {
    expect(sniffImage(withMetadata)).toEqual({ contentType: "image/png", width: 2, height: 1 });
  });

  it("loses every text/metadata chunk and what follows IEND; type, size and pixels are kept", async () => {
    const checked = await checkImageUpload(withMetadata);
    expect(checked).toMatchObject({ contentType: "image/png", width: 2, height: 1 });
    expect(sniffImage(checked.bytes)?.contentType).toBe("image/png");
    for (const secret of ["GPS", "xmp", "Jane", "tEXt", "zTXt", "iTXt", "tIME", "eXIf", "jane@"])
      expect(contains(checked.bytes, secret)).toBe(false);
    expect(await pixels(checked.bytes)).toEqual(Buffer.from([0x10, 0xb9, 0x81, 0xf3, 0xe5, 0xab]));
  });

  it("a clean PNG comes back as a PNG of the same pixels", async () => {
    const checked = await checkImageUpload(CLEAN_PNG);
    expect(checked.contentType).toBe("image/png");
    expect(await pixels(checked.bytes)).toEqual(await pixels(CLEAN_PNG));
  });

  it("a palette PNG stays a palette PNG with exactly its colours", async () => {
    const noise = Buffer.from(Array.from({ length: 64 * 64 * 3 }, (_, i) => ((i * 7919) % 251) & 0xf0));
    const palette = await sharp(noise, { raw: { width: 64, height: 64, channels: 3 } })
      .png({ palette: true, quality: 100, dither: 0 })
      .toBuffer();
    const checked = await checkImageUpload(palette);
    expect((await sharp(checked.bytes).metadata()).isPalette).toBe(true);
    expect(await pixels(checked.bytes)).toEqual(await pixels(palette));
  });

  it("a file cut inside its image data, a bad CRC, a missing IHDR or no IDAT is refused as damaged", async () => {
    const badCrc = Buffer.from(CLEAN_PNG);
    badCrc.writeUInt8(badCrc.readUInt8(PNG_SIG.length + 10) ^ 0xff, PNG_SIG.length + 10); // inside IHDR's data
    for (const broken of [
      CLEAN_PNG.subarray(0, PNG_SIG.length + ihdr.length + 12),
      badCrc,
      bytes(PNG_SIG, idat, iend),
      bytes(PNG_SIG, ihdr, iend),
    ]) {
      const error = await refusal(checkImageUpload(broken));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toBe(DAMAGED_IMAGE_MESSAGE);
    }
  });

  it("a declared canvas beyond 16,384 pixels is refused", async () => {
    const huge = bytes(PNG_SIG, pngHeader(100_000, 1), idat, iend);
    expect((await refusal(checkImageUpload(huge))).message).toBe("Images can be at most 16,384 pixels wide or high.");
  });

  it("a decompression bomb is refused from its header at once, before any pixel is decoded", async () => {
    // 20000×20000 (400 MP, 1.6 GB of RGBA) and 8000×6000 (48 MP, each side allowed) in ~100 bytes.
    for (const [width, height] of [
      [20_000, 20_000],
      [8_000, 6_000],
    ] as const) {
      const bomb = bytes(PNG_SIG, pngHeader(width, height), pngChunk("IDAT", deflateSync(new Uint8Array(64))), iend);
      const started = performance.now();
      const error = await refusal(checkImageUpload(bomb));
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(error).toMatchObject({ code: "BAD_REQUEST", message: TOO_MANY_PIXELS_MESSAGE });
      expect(error.message).toBe(
        "Images can be at most 40 megapixels (8,000 × 5,000 pixels; the frames of an animation count together).",
      );
    }
  });
});

describe("not an image", () => {
  it("a text file named .png is refused whatever its name said", async () => {
    const text = enc.encode("account,symbol\nMain,AAPL\n");
    expect(sniffImage(text)).toBeNull();
    const error = await refusal(checkImageUpload(text));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe("This file is not a PNG, JPEG, WebP or GIF image.");
    expect((await refusal(checkImageUpload(new Uint8Array()))).message).toBe(NOT_AN_IMAGE_MESSAGE);
    // An SVG (script-capable, and libvips could render it) is not one of the four either.
    const svg = enc.encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect(sniffImage(svg)).toBeNull();
    expect((await refusal(checkImageUpload(svg))).message).toBe(NOT_AN_IMAGE_MESSAGE);
  });

  it("magic bytes followed by something else are refused as damaged", async () => {
    const error = await refusal(checkImageUpload(bytes(PNG_SIG, "<svg></svg>")));
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: DAMAGED_IMAGE_MESSAGE });
  });

  it("more than 10 MB is refused before anything is parsed", async () => {
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(PNG_SIG);
    const error = await refusal(checkImageUpload(big));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe("Images can be at most 10 MB.");
    const threeMegabytes = new Uint8Array(3 * 1024 * 1024);
    threeMegabytes.set(CLEAN_PNG);
    expect((await refusal(checkImageUpload(threeMegabytes, { maxBytes: 2 * 1024 * 1024 }))).message).toBe(
      "Images can be at most 2 MB.",
    );
  });
});

// ---------- JPEG ----------
const seg = (marker: number, data: Uint8Array | number[]) => bytes([0xff, marker], be16(data.length + 2), data);
/** A JPEG with extra segments placed right after its start-of-image marker. */
const withSegments = (jpeg: Uint8Array, ...segments: Uint8Array[]) =>
  bytes(jpeg.subarray(0, 2), ...segments, jpeg.subarray(2));

describe("JPEG", () => {
  const exif = seg(0xe1, bytes("Exif\0\0MM\0*", "GPSLatitude 48.858370 N; Camera Owner Jane Member"));
  const xmp = seg(0xe1, bytes("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>CreatorTool</x:xmpmeta>"));
  const com = seg(0xfe, bytes("taken at home by jane@example.com"));

  it("is told by its bytes; its size (in a frame header after any number of segments) comes from libvips", async () => {
    const jpeg = await solid(6, 4, "#10b981").jpeg().toBuffer();
    expect(sniffImage(jpeg)).toEqual({ contentType: "image/jpeg", width: null, height: null });
    expect(await imageSize(jpeg)).toEqual({ contentType: "image/jpeg", width: 6, height: 4 });
  });

  it("loses APP1..APP15 segments, comments and trailing bytes; type and size are kept", async () => {
    const jpeg = await solid(6, 4, "#10b981").jpeg().toBuffer();
    const checked = await checkImageUpload(bytes(withSegments(jpeg, exif, xmp, com), "trailing GPS"));
    expect(checked).toMatchObject({ contentType: "image/jpeg", width: 6, height: 4 });
    for (const secret of ["Exif", "GPS", "xmpmeta", "jane", "Jane"])
      expect(contains(checked.bytes, secret)).toBe(false);
  });

  it("loses real EXIF with a GPS position and the camera owner", async () => {
    const jpeg = await solid(6, 4, "#10b981")
      .jpeg()
      .withExif({
        IFD0: { Copyright: "Jane Member", Artist: "Jane Member" },
        IFD3: {
          GPSLatitudeRef: "N",
          GPSLatitude: "48/1 51/1 30/1",
          GPSLongitudeRef: "E",
          GPSLongitude: "2/1 17/1 40/1",
        },
      })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif?.includes("Jane Member")).toBe(true); // the fixture has it
    const checked = await checkImageUpload(jpeg);
    const meta = await sharp(checked.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(contains(checked.bytes, "Jane")).toBe(false);
  });

  it("bakes the EXIF orientation into the pixels, since the tag that carried it is gone", async () => {
    // Stored 6 wide × 4 high, left half red and right half blue, tagged "rotate 90° clockwise to show".
    const stored = await sharp({ create: { width: 6, height: 4, channels: 3, background: "#0000ff" } })
      .composite([{ input: { create: { width: 3, height: 4, channels: 3, background: "#ff0000" } }, left: 0, top: 0 }])
      .jpeg({ quality: 100 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect(await imageSize(stored)).toEqual({ contentType: "image/jpeg", width: 4, height: 6 });
    const checked = await checkImageUpload(stored);
    expect(checked).toMatchObject({ width: 4, height: 6 });
    const meta = await sharp(checked.bytes).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([4, 6, undefined]);
    // Shown upright, the red half is on top.
    const [top, bottom] = [await pixelAt(checked.bytes, 1, 0), await pixelAt(checked.bytes, 1, 5)];
    expect(top[0]).toBeGreaterThan(200);
    expect(top[2]).toBeLessThan(60);
    expect(bottom[2]).toBeGreaterThan(200);
    expect(bottom[0]).toBeLessThan(60);
  });

  it("a CMYK JPEG (Adobe segment) comes back in sRGB with its colours", async () => {
    const cmyk = await solid(4, 4, "#10b981").toColourspace("cmyk").jpeg({ quality: 100 }).toBuffer();
    expect(contains(cmyk, "Adobe")).toBe(true);
    const checked = await checkImageUpload(cmyk);
    expect((await sharp(checked.bytes).metadata()).channels).toBe(3);
    const [expected, got] = [await pixelAt(cmyk, 0, 0), await pixelAt(checked.bytes, 0, 0)];
    for (const i of [0, 1, 2]) expect(Math.abs(got[i]! - expected[i]!)).toBeLessThan(8);
  });

  it("a JPEG cut short, or with a segment longer than the file, or without image data is refused", async () => {
    const good = await solid(64, 64, "#10b981").jpeg().toBuffer();
    await expect(checkImageUpload(good)).resolves.toMatchObject({ contentType: "image/jpeg" });
    const { message } = await refusal(checkImageUpload(good.subarray(0, good.length - 40)));
    expect(message).toBe(DAMAGED_IMAGE_MESSAGE);
    for (const broken of [
      bytes([0xff, 0xd8], seg(0xe1, bytes("Exif")).subarray(0, 6)),
      bytes([0xff, 0xd8, 0xff, 0xd9]),
    ])
      expect((await refusal(checkImageUpload(broken))).message).toBe(DAMAGED_IMAGE_MESSAGE);
  });
});

async function pixelAt(image: Uint8Array, x: number, y: number) {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [...data.subarray(at, at + info.channels)];
}

// ---------- WebP ----------
// Google's 1×1 lossless WebP (the one feature-detection scripts use), unwrapped to its VP8L chunk.
const SIMPLE_WEBP = Buffer.from("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==", "base64");
const vp8l = SIMPLE_WEBP.subarray(12);
const riffChunk = (type: string, data: Uint8Array) => bytes(type, le32(data.length), data, data.length % 2 ? [0] : []);
const riff = (...chunks: Uint8Array[]) => {
  const body = bytes("WEBP", ...chunks);
  return bytes("RIFF", le32(body.length), body);
};

describe("WebP", () => {
  // VP8X flags: ICC 0x20, alpha 0x10, EXIF 0x08, XMP 0x04; canvas 1×1 stored minus one.
  const vp8x = (flags: number) => riffChunk("VP8X", Uint8Array.from([flags, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
  const exif = riffChunk("EXIF", bytes("MM\0*GPSLatitude 48.858370 N"));
  const xmp = riffChunk("XMP ", bytes("<x:xmpmeta>Jane Member</x:xmpmeta>"));

  it("a plain lossless WebP is told by its bytes and comes back a lossless WebP of the same pixels", async () => {
    expect(sniffImage(SIMPLE_WEBP)).toEqual({ contentType: "image/webp", width: 1, height: 1 });
    const checked = await checkImageUpload(SIMPLE_WEBP);
    expect(checked).toMatchObject({ contentType: "image/webp", width: 1, height: 1 });
    expect(contains(checked.bytes, "VP8L")).toBe(true);
    expect(await pixels(checked.bytes)).toEqual(await pixels(SIMPLE_WEBP));
  });

  it("a lossy WebP stays a (lossy) WebP of its size", async () => {
    const lossy = await solid(30, 20, "#10b981").webp({ quality: 80 }).toBuffer();
    expect(sniffImage(lossy)).toEqual({ contentType: "image/webp", width: 30, height: 20 });
    const checked = await checkImageUpload(lossy);
    expect(checked).toMatchObject({ contentType: "image/webp", width: 30, height: 20 });
    expect(contains(checked.bytes, "VP8 ")).toBe(true);
  });

  it("loses its EXIF and XMP chunks", async () => {
    const withMetadata = riff(vp8x(0x10 | 0x08 | 0x04), vp8l, exif, xmp);
    expect(sniffImage(withMetadata)).toEqual({ contentType: "image/webp", width: 1, height: 1 });
    const checked = await checkImageUpload(withMetadata);
    expect(checked).toMatchObject({ contentType: "image/webp", width: 1, height: 1 });
    for (const secret of ["EXIF", "GPS", "XMP", "Jane"]) expect(contains(checked.bytes, secret)).toBe(false);
  });

  it("a RIFF size past the end, or a chunk past the container, is refused", async () => {
    const cut = SIMPLE_WEBP.subarray(0, SIMPLE_WEBP.length - 3);
    expect((await refusal(checkImageUpload(cut))).message).toBe(DAMAGED_IMAGE_MESSAGE);
    const chunkTooLong = Buffer.from(SIMPLE_WEBP);
    chunkTooLong.writeUInt32LE(0x100, 16);
    expect((await refusal(checkImageUpload(chunkTooLong))).message).toBe(DAMAGED_IMAGE_MESSAGE);
  });
});

// ---------- GIF ----------
// The classic 1×1 GIF89a: header, a 2-colour table, a graphic control extension, one image.
const SIMPLE_GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
const GIF_HEAD = SIMPLE_GIF.subarray(0, 19); // 13-byte header + 6-byte colour table
const subBlocks = (data: Uint8Array) => bytes([data.length], data, [0]);
/** A GIF animation of solid frames, 1 s, 0.2 s and 0.3 s each, looping 3 times. */
async function animation(...colours: string[]) {
  const frames = await Promise.all(colours.map((c) => solid(4, 3, c).png().toBuffer()));
  return sharp(frames, { join: { animated: true } })
    .gif({ loop: 3, delay: [1000, 200, 300] })
    .toBuffer();
}

describe("GIF", () => {
  const comment = bytes([0x21, 0xfe], subBlocks(enc.encode("GPS 48.858370 N by Jane")));
  const xmp = bytes([0x21, 0xff, 11], "XMP DataXMP", subBlocks(enc.encode("<x:xmpmeta>Jane</x:xmpmeta>")));

  it("is told by its bytes, with the logical screen size, and stays a GIF", async () => {
    expect(sniffImage(SIMPLE_GIF)).toEqual({ contentType: "image/gif", width: 1, height: 1 });
    const checked = await checkImageUpload(SIMPLE_GIF);
    expect(checked).toMatchObject({ contentType: "image/gif", width: 1, height: 1 });
    expect(await pixels(checked.bytes)).toEqual(await pixels(SIMPLE_GIF));
  });

  it("an animation stays animated, with its frames, delays and loop count, and loses comments and XMP", async () => {
    const gif = await animation("#ff0000", "#00ff00", "#0000ff");
    const headerLength = 13 + 3 * 2 ** ((gif[10]! & 0x07) + 1) * (gif[10]! >> 7);
    const withMetadata = bytes(gif.subarray(0, headerLength), comment, xmp, gif.subarray(headerLength));
    expect(contains(withMetadata, "Jane")).toBe(true);
    const checked = await checkImageUpload(withMetadata);
    expect(checked).toMatchObject({ contentType: "image/gif", width: 4, height: 3 });
    for (const secret of ["GPS", "XMP", "Jane"]) expect(contains(checked.bytes, secret)).toBe(false);
    const meta = await sharp(checked.bytes, { animated: true }).metadata();
    expect({ pages: meta.pages, loop: meta.loop, delay: meta.delay }).toEqual({
      pages: 3,
      loop: 3,
      delay: [1000, 200, 300],
    });
    expect(await pixels(checked.bytes)).toEqual(await pixels(gif)); // the first frame
  });

  it("the frames of an animation count together towards the pixel limit", async () => {
    // Five 3000×3000 frames (9 MP each, 45 MP in all) of a few bytes each.
    const frame = [0x2c, 0, 0, 0, 0, ...le16(3000), ...le16(3000), 0x80, 0, 0, 0, 255, 255, 255, 2, 2, 0x4c, 0x01, 0];
    const gif = bytes("GIF89a", le16(3000), le16(3000), [0, 0, 0], ...Array<number[]>(5).fill(frame), [0x3b]);
    const started = performance.now();
    expect((await refusal(checkImageUpload(gif))).message).toBe(TOO_MANY_PIXELS_MESSAGE);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("a GIF whose only block runs past the end is refused", async () => {
    expect((await refusal(checkImageUpload(bytes(GIF_HEAD, [0x21, 0xfe, 40], "short")))).message).toBe(
      DAMAGED_IMAGE_MESSAGE,
    );
  });
});

// ---------- for the Studio ----------
describe("thumbnails and sizes", () => {
  it("a thumbnail fits inside 320×320, keeps the proportions, is WebP and carries no metadata", async () => {
    const chart = await solid(1000, 500, "#10b981")
      .jpeg()
      .withExif({ IFD0: { Artist: "Jane Member" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 30/1" } })
      .toBuffer();
    const thumbnail = await makeThumbnail(chart);
    expect(thumbnail).toMatchObject({ contentType: "image/webp", width: 320, height: 160 });
    expect(sniffImage(thumbnail.bytes)?.contentType).toBe("image/webp");
    const meta = await sharp(thumbnail.bytes).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(["webp", 320, 160, undefined]);
    expect(contains(thumbnail.bytes, "Jane")).toBe(false);
  });

  it("a small image is not enlarged, an upright one stays upright, and another side can be asked for", async () => {
    expect(await makeThumbnail(await solid(100, 50, "#10b981").png().toBuffer())).toMatchObject({
      width: 100,
      height: 50,
    });
    const sideways = await solid(600, 400, "#10b981").jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect(await makeThumbnail(sideways)).toMatchObject({ width: 213, height: 320 });
    expect(await makeThumbnail(sideways, 64)).toMatchObject({ width: 43, height: 64 });
  });

  it("an animation's thumbnail is its first frame", async () => {
    const thumbnail = await makeThumbnail(await animation("#ff0000", "#0000ff"));
    expect(thumbnail).toMatchObject({ width: 4, height: 3 });
    expect((await pixelAt(thumbnail.bytes, 0, 0))[0]).toBeGreaterThan(200);
  });

  it("imageSize gives the shown size and type of a generated image", async () => {
    expect(await imageSize(await solid(1536, 1024, "#10b981").png().toBuffer())).toEqual({
      contentType: "image/png",
      width: 1536,
      height: 1024,
    });
  });

  it("something that is not an image, or a broken one, is an ImageFormatError with the member's message", async () => {
    const svg = enc.encode("<svg xmlns='http://www.w3.org/2000/svg'/>");
    await expect(makeThumbnail(svg)).rejects.toEqual(new ImageFormatError(NOT_AN_IMAGE_MESSAGE));
    await expect(imageSize(svg)).rejects.toBeInstanceOf(ImageFormatError);
    await expect(makeThumbnail(CLEAN_PNG.subarray(0, 40))).rejects.toEqual(new ImageFormatError(DAMAGED_IMAGE_MESSAGE));
    const bomb = bytes(PNG_SIG, pngHeader(20_000, 20_000), idat, iend);
    await expect(makeThumbnail(bomb)).rejects.toEqual(new ImageFormatError(TOO_MANY_PIXELS_MESSAGE));
  });

  it("many images at once are all processed (two at a time, the rest wait their turn)", async () => {
    const images = await Promise.all(
      ["#ff0000", "#00ff00", "#0000ff", "#ffffff", "#000000"].map((c) => solid(200, 100, c).png().toBuffer()),
    );
    const results = await Promise.all([
      ...images.map((i) => checkImageUpload(i)),
      ...images.map((i) => makeThumbnail(i)),
    ]);
    expect(results.map((r) => [r.width, r.height])).toEqual(Array(10).fill([200, 100]));
  });
});
