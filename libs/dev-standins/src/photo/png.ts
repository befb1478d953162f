import { crc32, inflateSync } from 'node:zlib';

/** 8-bit RGB pixels, rows top to bottom, `width * height * 3` bytes. */
export interface RgbImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

export interface PngChunk {
  type: string;
  data: Buffer;
}

/** The bytes are not a PNG this reader understands (the face matcher turns it into `image-unreadable`). */
export class PngFormatError extends Error {
  override name = 'PngFormatError';
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// Selfies come from outside: refuse sizes whose pixels alone would exhaust memory before inflating.
const MAX_PIXELS = 4096 * 4096;

/** How each row is filtered before compression; decoders undo any of the five PNG filters. */
export type PngRowFilter = 'none' | 'sub' | 'up';
const FILTER_TYPE: Record<PngRowFilter, number> = { none: 0, sub: 1, up: 2 };

/**
 * A truecolour PNG (IHDR, one IDAT, IEND). The zlib stream uses stored (uncompressed) deflate blocks
 * rather than `deflateSync`: Node's zlib picks CPU-specific code paths whose compressed output may
 * differ between machines, and a registry photo's bytes (hence its SHA-256, which the card data binds)
 * must be the same everywhere. At 64×80 pixels that costs about 15 KB.
 */
export function encodePng(image: RgbImage, options: { filter?: PngRowFilter } = {}): Buffer {
  const { width, height, pixels } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || pixels.length !== width * height * 3) {
    throw new RangeError('encodePng: pixels must hold width × height RGB triples');
  }
  const filter = FILTER_TYPE[options.filter ?? 'none'];
  const stride = width * 3;
  const raw = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const out = y * (stride + 1);
    raw[out] = filter;
    for (let x = 0; x < stride; x++) {
      const value = pixels[y * stride + x];
      const left = x >= 3 ? pixels[y * stride + x - 3] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      raw[out + 1 + x] = (value - (filter === 1 ? left : filter === 2 ? up : 0)) & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, truecolour, deflate, adaptive filtering, no interlace
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', storedZlib(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** RFC 1950 wrapper around RFC 1951 stored blocks (at most 65,535 bytes each). */
function storedZlib(data: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([0x78, 0x01])];
  const blocks = Math.max(1, Math.ceil(data.length / 0xffff));
  for (let i = 0; i < blocks; i++) {
    const block = data.subarray(i * 0xffff, (i + 1) * 0xffff);
    const head = Buffer.alloc(5);
    head[0] = i === blocks - 1 ? 1 : 0; // BFINAL on the last block, BTYPE=00 (stored)
    head.writeUInt16LE(block.length, 1);
    head.writeUInt16LE(~block.length & 0xffff, 3);
    parts.push(head, block);
  }
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler32(data), 0);
  parts.push(trailer);
  return Buffer.concat(parts);
}

function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; i++) {
    a = (a + data[i]) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** The chunks in order, after checking the signature, every length and every CRC. */
export function readPngChunks(bytes: Uint8Array): PngChunk[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < PNG_SIGNATURE.length || !buffer.subarray(0, 8).equals(PNG_SIGNATURE)) {
    throw new PngFormatError('not a PNG (signature missing)');
  }
  const chunks: PngChunk[] = [];
  let offset = 8;
  while (offset < buffer.length) {
    if (offset + 12 > buffer.length) throw new PngFormatError('truncated chunk header');
    const length = buffer.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (end > buffer.length) throw new PngFormatError('truncated chunk');
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new PngFormatError('invalid chunk type');
    if (crc32(buffer.subarray(offset + 4, end - 4)) !== buffer.readUInt32BE(end - 4)) {
      throw new PngFormatError(`CRC mismatch in ${type}`);
    }
    chunks.push({ type, data: buffer.subarray(offset + 8, end - 4) });
    offset = end;
    if (type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR' || chunks.at(-1)?.type !== 'IEND') throw new PngFormatError('IHDR must come first and IEND last');
  return chunks;
}

/** Decodes 8-bit truecolour PNGs (RGB, or RGBA with the alpha dropped), any row filter, no interlace. */
export function decodePng(bytes: Uint8Array): RgbImage {
  const chunks = readPngChunks(bytes);
  const ihdr = chunks[0].data;
  if (ihdr.length !== 13) throw new PngFormatError('IHDR must be 13 bytes');
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const [bitDepth, colourType, compression, filterMethod, interlace] = ihdr.subarray(8);
  if (width < 1 || height < 1 || width * height > MAX_PIXELS) throw new PngFormatError('image dimensions out of range');
  if (bitDepth !== 8 || (colourType !== 2 && colourType !== 6) || compression !== 0 || filterMethod !== 0 || interlace !== 0) {
    throw new PngFormatError('only 8-bit, non-interlaced RGB or RGBA PNGs are read');
  }
  const channels = colourType === 6 ? 4 : 3;
  const stride = width * channels;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)), {
      maxOutputLength: height * (stride + 1),
    });
  } catch {
    throw new PngFormatError('image data does not inflate');
  }
  if (raw.length !== height * (stride + 1)) throw new PngFormatError('image data has the wrong length');
  const rows = unfilter(raw, height, stride, channels);
  if (channels === 3) return { width, height, pixels: rows };
  const pixels = new Uint8Array(width * height * 3);
  for (let i = 0, o = 0; i < rows.length; i += 4, o += 3) {
    pixels[o] = rows[i];
    pixels[o + 1] = rows[i + 1];
    pixels[o + 2] = rows[i + 2];
  }
  return { width, height, pixels };
}

function unfilter(raw: Buffer, height: number, stride: number, bpp: number): Uint8Array {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    if (filter > 4) throw new PngFormatError(`unknown row filter ${filter}`);
    const line = y * (stride + 1) + 1;
    const row = y * stride;
    const above = row - stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[row + x - bpp] : 0;
      const b = y > 0 ? out[above + x] : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) predictor = paeth(a, b, x >= bpp && y > 0 ? out[above + x - bpp] : 0);
      out[row + x] = (raw[line + x] + predictor) & 0xff;
    }
  }
  return out;
}

// Called per byte: module-level `abs` rather than a global `Math` lookup each time.
const abs = Math.abs;
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = abs(p - a);
  const pb = abs(p - b);
  const pc = abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
