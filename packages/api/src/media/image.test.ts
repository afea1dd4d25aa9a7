import { deflateSync, inflateSync } from "node:zlib";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { checkImageUpload, crc32, MAX_IMAGE_BYTES, sniffImage, stripImageMetadata } from "./image.ts";

const enc = new TextEncoder();
const bytes = (...parts: (Uint8Array | number[] | string)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? enc.encode(p) : Uint8Array.from(p))));
const contains = (haystack: Uint8Array, needle: string) => Buffer.from(haystack).includes(needle);
const be32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const le32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const be16 = (n: number) => [(n >>> 8) & 0xff, n & 0xff];

function refusal(fn: () => unknown): TRPCError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

// ---------- PNG ----------
function pngChunk(type: string, data: Uint8Array | number[]) {
  const body = bytes(type, data);
  return bytes(be32(body.length - 4), body, be32(crc32(body)));
}
const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// 2×1 RGB: one emerald pixel, one champagne pixel; each scanline starts with filter byte 0.
const PIXELS = Uint8Array.from([0, 0x10, 0xb9, 0x81, 0xf3, 0xe5, 0xab]);
const ihdr = pngChunk("IHDR", [...be32(2), ...be32(1), 8, 2, 0, 0, 0]);
const idat = pngChunk("IDAT", deflateSync(PIXELS));
const iend = pngChunk("IEND", []);
const phys = pngChunk("pHYs", [...be32(2835), ...be32(2835), 1]);

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

  it("loses every text/metadata chunk and what follows IEND; the pixels are unchanged", () => {
    const stripped = stripImageMetadata(withMetadata, "image/png");
    expect(Buffer.from(stripped)).toEqual(bytes(PNG_SIG, ihdr, phys, idat, iend));
    for (const secret of ["GPS", "xmp", "Jane", "tIME", "eXIf", "jane@"])
      expect(contains(stripped, secret)).toBe(false);
    const idatData = stripped.subarray(
      8 + ihdr.length + phys.length + 8,
      8 + ihdr.length + phys.length + idat.length - 4,
    );
    expect(Buffer.from(inflateSync(idatData))).toEqual(Buffer.from(PIXELS));
  });

  it("an already clean PNG comes back byte for byte", () => {
    const clean = bytes(PNG_SIG, ihdr, idat, iend);
    expect(Buffer.from(checkImageUpload(clean).bytes)).toEqual(clean);
  });

  it("a truncated file, a bad CRC, a missing IHDR or no IDAT is refused as damaged", () => {
    const good = bytes(PNG_SIG, ihdr, idat, iend);
    const badCrc = Buffer.from(good);
    badCrc.writeUInt8(badCrc.readUInt8(PNG_SIG.length + 10) ^ 0xff, PNG_SIG.length + 10); // inside IHDR's data
    for (const broken of [
      good.subarray(0, good.length - 6),
      badCrc,
      bytes(PNG_SIG, idat, iend),
      bytes(PNG_SIG, ihdr, iend),
    ]) {
      const error = refusal(() => checkImageUpload(broken));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toMatch(/damaged or incomplete/);
    }
  });

  it("a declared canvas beyond 16,384 pixels is refused", () => {
    const huge = bytes(PNG_SIG, pngChunk("IHDR", [...be32(100_000), ...be32(1), 8, 2, 0, 0, 0]), idat, iend);
    expect(refusal(() => checkImageUpload(huge)).message).toBe("Images can be at most 16,384 pixels wide or high.");
  });
});

describe("not an image", () => {
  it("a text file named .png is refused whatever its name said", () => {
    const text = enc.encode("account,symbol\nMain,AAPL\n");
    expect(sniffImage(text)).toBeNull();
    const error = refusal(() => checkImageUpload(text));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe("This file is not a PNG, JPEG, WebP or GIF image.");
    expect(refusal(() => checkImageUpload(new Uint8Array())).message).toBe(
      "This file is not a PNG, JPEG, WebP or GIF image.",
    );
    // An SVG (script-capable) is not one of the four either.
    expect(
      sniffImage(enc.encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')),
    ).toBeNull();
  });

  it("more than 10 MB is refused before anything is parsed", () => {
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(PNG_SIG);
    const error = refusal(() => checkImageUpload(big));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe("Images can be at most 10 MB.");
    const threeMegabytes = new Uint8Array(3 * 1024 * 1024);
    threeMegabytes.set(bytes(PNG_SIG, ihdr, idat, iend));
    expect(refusal(() => checkImageUpload(threeMegabytes, { maxBytes: 2 * 1024 * 1024 })).message).toBe(
      "Images can be at most 2 MB.",
    );
  });
});

// ---------- JPEG ----------
const seg = (marker: number, data: Uint8Array | number[]) => bytes([0xff, marker], be16(data.length + 2), data);
// A 1×1 greyscale baseline JPEG by hand: one DC code (length 1, category 0) and one AC code (EOB).
const dqt = seg(0xdb, [0x00, ...new Array<number>(64).fill(1)]);
const sof0 = seg(0xc0, [8, ...be16(1), ...be16(1), 1, 1, 0x11, 0]);
const dhtDc = seg(0xc4, [0x00, 1, ...new Array<number>(15).fill(0), 0x00]);
const dhtAc = seg(0xc4, [0x10, 1, ...new Array<number>(15).fill(0), 0x00]);
const sos = seg(0xda, [1, 1, 0x00, 0, 63, 0]);
// Entropy data "00" padded with ones, plus a stuffed 0xFF00 and a restart marker, which belong to the scan.
const scan = Uint8Array.from([0x3f, 0xff, 0x00, 0xff, 0xd0, 0x3f]);
const app0 = seg(0xe0, bytes("JFIF\0", [1, 1, 0, 0, 1, 0, 1, 0, 0]));
const SOI = [0xff, 0xd8];
const EOI = [0xff, 0xd9];

describe("JPEG", () => {
  const exif = seg(0xe1, bytes("Exif\0\0MM\0*", "GPSLatitude 48.858370 N; Camera Owner Jane Member"));
  const xmp = seg(0xe1, bytes("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>CreatorTool</x:xmpmeta>"));
  const icc = seg(0xe2, bytes("ICC_PROFILE\0", [1, 1], "desc Jane's monitor"));
  const com = seg(0xfe, bytes("taken at home by jane@example.com"));
  const withMetadata = bytes(
    SOI,
    app0,
    exif,
    xmp,
    icc,
    com,
    dqt,
    [0xff],
    sof0,
    dhtDc,
    dhtAc,
    sos,
    scan,
    EOI,
    "trailing GPS",
  );

  it("is told by its bytes, with its size from the frame header", () => {
    expect(sniffImage(withMetadata)).toEqual({ contentType: "image/jpeg", width: 1, height: 1 });
  });

  it("loses APP1..APP15 and comments; JFIF, tables, frame and scan data stay byte for byte", () => {
    const stripped = stripImageMetadata(withMetadata, "image/jpeg");
    expect(Buffer.from(stripped)).toEqual(bytes(SOI, app0, dqt, sof0, dhtDc, dhtAc, sos, scan, EOI));
    for (const secret of ["Exif", "GPS", "xmpmeta", "ICC_PROFILE", "jane", "Jane"])
      expect(contains(stripped, secret)).toBe(false);
  });

  it("keeps the Adobe colour-transform segment, which decoding needs", () => {
    const adobe = seg(0xee, bytes("Adobe", [0, 100, 0, 0, 0, 0, 1]));
    const image = bytes(SOI, adobe, dqt, sof0, dhtDc, dhtAc, sos, scan, EOI);
    expect(Buffer.from(stripImageMetadata(image, "image/jpeg"))).toEqual(image);
  });

  it("a JPEG cut short, or with a segment longer than the file, is refused", () => {
    const good = bytes(SOI, app0, dqt, sof0, dhtDc, dhtAc, sos, scan, EOI);
    expect(() => checkImageUpload(good)).not.toThrow();
    expect(refusal(() => checkImageUpload(good.subarray(0, good.length - 2))).message).toMatch(/damaged/);
    expect(refusal(() => checkImageUpload(bytes(SOI, seg(0xe1, bytes("Exif")).subarray(0, 6)))).message).toMatch(
      /damaged/,
    );
    expect(refusal(() => checkImageUpload(bytes(SOI, app0, EOI))).message).toMatch(/damaged/); // no image data
  });
});

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

  it("a plain WebP is told by its bytes and comes back unchanged", () => {
    expect(sniffImage(SIMPLE_WEBP)).toEqual({ contentType: "image/webp", width: 1, height: 1 });
    expect(Buffer.from(stripImageMetadata(SIMPLE_WEBP, "image/webp"))).toEqual(SIMPLE_WEBP);
  });

  it("loses its EXIF and XMP chunks and their VP8X flags; the RIFF size is right again", () => {
    const withMetadata = riff(vp8x(0x10 | 0x08 | 0x04), vp8l, exif, xmp);
    expect(sniffImage(withMetadata)).toEqual({ contentType: "image/webp", width: 1, height: 1 });
    const stripped = stripImageMetadata(withMetadata, "image/webp");
    expect(Buffer.from(stripped)).toEqual(riff(vp8x(0x10), vp8l));
    expect(new DataView(stripped.buffer, stripped.byteOffset).getUint32(4, true)).toBe(stripped.length - 8);
    for (const secret of ["EXIF", "GPS", "XMP", "Jane"]) expect(contains(stripped, secret)).toBe(false);
  });

  it("a RIFF size past the end, or a chunk past the container, is refused", () => {
    expect(refusal(() => checkImageUpload(SIMPLE_WEBP.subarray(0, SIMPLE_WEBP.length - 3))).message).toMatch(/damaged/);
    const chunkTooLong = Buffer.from(SIMPLE_WEBP);
    chunkTooLong.writeUInt32LE(0x100, 16);
    expect(refusal(() => checkImageUpload(chunkTooLong)).message).toMatch(/damaged/);
  });
});

// ---------- GIF ----------
// The classic 1×1 GIF89a: header, a 2-colour table, a graphic control extension, one image.
const SIMPLE_GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
const GIF_HEAD = SIMPLE_GIF.subarray(0, 19); // 13-byte header + 6-byte colour table
const GIF_GCE = SIMPLE_GIF.subarray(19, 27);
const GIF_IMAGE = SIMPLE_GIF.subarray(27, SIMPLE_GIF.length - 1); // without the 0x3B trailer
const subBlocks = (data: Uint8Array) => bytes([data.length], data, [0]);

describe("GIF", () => {
  const comment = bytes([0x21, 0xfe], subBlocks(enc.encode("GPS 48.858370 N by Jane")));
  const netscape = bytes([0x21, 0xff, 11], "NETSCAPE2.0", [3, 1, 0, 0, 0]);
  const xmp = bytes([0x21, 0xff, 11], "XMP DataXMP", subBlocks(enc.encode("<x:xmpmeta>Jane</x:xmpmeta>")));

  it("is told by its bytes, with the logical screen size", () => {
    expect(sniffImage(SIMPLE_GIF)).toEqual({ contentType: "image/gif", width: 1, height: 1 });
    expect(Buffer.from(stripImageMetadata(SIMPLE_GIF, "image/gif"))).toEqual(SIMPLE_GIF);
  });

  it("loses comments and application extensions except the NETSCAPE2.0 loop", () => {
    const withMetadata = bytes(GIF_HEAD, netscape, comment, xmp, GIF_GCE, GIF_IMAGE, [0x3b], "trailing Jane");
    const stripped = stripImageMetadata(withMetadata, "image/gif");
    expect(Buffer.from(stripped)).toEqual(bytes(GIF_HEAD, netscape, GIF_GCE, GIF_IMAGE, [0x3b]));
    for (const secret of ["GPS", "XMP", "Jane"]) expect(contains(stripped, secret)).toBe(false);
  });

  it("a GIF without its trailer, or with a sub-block past the end, is refused", () => {
    expect(refusal(() => checkImageUpload(SIMPLE_GIF.subarray(0, SIMPLE_GIF.length - 1))).message).toMatch(/damaged/);
    expect(refusal(() => checkImageUpload(bytes(GIF_HEAD, [0x21, 0xfe, 40], "short"))).message).toMatch(/damaged/);
  });
});
