/** Pages rendered by poppler's pdftoppm: a PNG to keep, and a PPM (its default format) read here pixel by pixel. */
import fs from 'node:fs';
import path from 'node:path';
import { run } from './run';

export interface Raster {
  width: number;
  height: number;
  /** RGB, row by row from the top. */
  pixels: Buffer;
}

export function renderPage(pdf: string, page: number, outputBase: string, format: 'png' | 'ppm', dpi = 72): string {
  run('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', ...(format === 'png' ? ['-png'] : []), pdf, outputBase]);
  return `${outputBase}.${format}`;
}

/** A binary PPM (P6, maxval 255) as pdftoppm writes it. */
export function readPpm(file: string): Raster {
  const data = fs.readFileSync(file);
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(data.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error(`${path.basename(file)} is not a P6 PPM`);
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, pixels: data.subarray(header[0].length) };
}

/** The pixels that differ between two renders of the same size, as [x, y] from the top left. */
export function differingPixels(a: Raster, b: Raster): Array<[number, number]> {
  if (a.width !== b.width || a.height !== b.height) throw new Error('renders of different sizes');
  const result: Array<[number, number]> = [];
  for (let i = 0; i < a.width * a.height; i++) {
    const at = i * 3;
    if (Math.abs(a.pixels[at] - b.pixels[at]) + Math.abs(a.pixels[at + 1] - b.pixels[at + 1]) + Math.abs(a.pixels[at + 2] - b.pixels[at + 2]) > 24) {
      result.push([i % a.width, Math.floor(i / a.width)]);
    }
  }
  return result;
}
