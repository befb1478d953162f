import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { SyntheticCivilRegistry } from '../registry/synthetic-civil-registry';
import { AVATAR_HEIGHT, AVATAR_WIDTH } from './avatar';
import { PNG_SIGNATURE, PngFormatError, decodePng, encodePng, readPngChunks, type RgbImage } from './png';

// An independent CRC-32 (the PNG specification's table algorithm), so the check does not trust the encoder's.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Walks the chunks the way `file` / `pngcheck` do, with the independent CRC. */
function inspect(png: Buffer): { type: string; length: number }[] {
  expect(png.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex'))).toBe(true);
  const chunks: { type: string; length: number }[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    expect(crc(png.subarray(offset + 4, offset + 8 + length))).toBe(png.readUInt32BE(offset + 8 + length));
    chunks.push({ type, length });
    offset += 12 + length;
  }
  return chunks;
}

/** A PNG built by other means (zlib's deflate, any filter, RGBA) to check that the decoder reads more than its own output. */
function foreignPng(image: RgbImage, alpha: boolean): Buffer {
  const channels = alpha ? 4 : 3;
  const stride = image.width * channels;
  const rows: number[][] = [];
  for (let y = 0; y < image.height; y++) {
    const row: number[] = [];
    for (let x = 0; x < image.width; x++) {
      const p = (y * image.width + x) * 3;
      row.push(image.pixels[p], image.pixels[p + 1], image.pixels[p + 2], ...(alpha ? [200] : []));
    }
    rows.push(row);
  }
  const raw: number[] = [];
  rows.forEach((row, y) => {
    const filter = y % 5; // every PNG filter in turn: none, sub, up, average, Paeth
    raw.push(filter);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? row[x - channels] : 0;
      const b = y > 0 ? rows[y - 1][x] : 0;
      const c = x >= channels && y > 0 ? rows[y - 1][x - channels] : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      raw.push((row[x] - predictor) & 0xff);
    }
  });
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(8 + body.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 4 + body.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(image.width, 0);
  ihdr.writeUInt32BE(image.height, 4);
  ihdr.set([8, alpha ? 6 : 2, 0, 0, 0], 8);
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from(raw), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const registry = new SyntheticCivilRegistry({ referenceDate: '2026-01-01' });
const persons = registry.listPersons();
const sample: RgbImage = {
  width: 7,
  height: 6,
  pixels: Uint8Array.from({ length: 7 * 6 * 3 }, (_, i) => (i * 37 + (i % 5) * 91) & 0xff),
};

describe('registry photos', () => {
  it('are valid PNGs: signature, IHDR first (64×80, 8-bit RGB), IDAT, IEND last, every CRC right', () => {
    for (const p of persons) {
      const png = registry.photoBytes(p.civil_number)!;
      const chunks = inspect(png);
      expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
      expect(chunks[0].length).toBe(13);
      expect(png.readUInt32BE(16)).toBe(AVATAR_WIDTH);
      expect(png.readUInt32BE(20)).toBe(AVATAR_HEIGHT);
      expect([...png.subarray(24, 29)]).toEqual([8, 2, 0, 0, 0]);
      expect(decodePng(png)).toMatchObject({ width: 64, height: 80 });
    }
  });

  it('differ between persons, in bytes and in pixels', () => {
    const hashes = new Set(persons.map((p) => p.photo.sha256));
    const pixels = new Set(persons.map((p) => createHash('sha256').update(decodePng(registry.photoBytes(p.civil_number)!).pixels).digest('hex')));
    expect(hashes.size).toBe(persons.length);
    expect(pixels.size).toBe(persons.length);
  });
});

describe('encodePng / decodePng', () => {
  it.each(['none', 'sub', 'up'] as const)('round-trips pixels with the %s filter', (filter) => {
    const png = encodePng(sample, { filter });
    inspect(png);
    expect(decodePng(png)).toEqual(sample);
  });

  it('is deterministic; another row filter gives other bytes for the same pixels', () => {
    expect(encodePng(sample).equals(encodePng(sample))).toBe(true);
    expect(encodePng(sample, { filter: 'sub' }).equals(encodePng(sample))).toBe(false);
  });

  it('splits image data larger than one stored deflate block', () => {
    const pixels = new Uint8Array(200 * 120 * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) & 0xff;
    const decoded = decodePng(encodePng({ width: 200, height: 120, pixels }));
    expect([decoded.width, decoded.height]).toEqual([200, 120]);
    expect(Buffer.from(decoded.pixels).equals(Buffer.from(pixels))).toBe(true);
  });

  it('reads PNGs from other encoders: zlib-compressed, all five filters, RGBA', () => {
    expect(decodePng(foreignPng(sample, false))).toEqual(sample);
    expect(decodePng(foreignPng(sample, true))).toEqual(sample);
  });

  it('refuses a corrupted chunk, a missing signature, truncation and unsupported formats', () => {
    const png = encodePng(sample);
    const tampered = Buffer.from(png);
    tampered[50] ^= 0x01;
    expect(() => readPngChunks(tampered)).toThrow(/CRC mismatch in IDAT/);
    expect(() => decodePng(Buffer.from('GIF89a'))).toThrow(PngFormatError);
    expect(() => decodePng(png.subarray(0, png.length - 5))).toThrow(PngFormatError);
    const grey = Buffer.from(png);
    grey[25] = 0; // colour type: greyscale
    grey.writeUInt32BE(crc(grey.subarray(12, 29)), 29);
    expect(() => decodePng(grey)).toThrow(/only 8-bit/);
  });

  it('refuses pixel data that does not fit the image', () => {
    expect(() => encodePng({ width: 2, height: 2, pixels: new Uint8Array(11) })).toThrow(RangeError);
  });
});
