/**
 * The bytes of a PDF as a list of segments: the file as received, then the incremental updates the
 * signer appended. Reading across them needs no concatenation, so each further update (validation
 * data, a document time-stamp) reads the objects of the one before without copying the file.
 */
import { malformed } from '../errors';

export interface Segment {
  buffer: Buffer;
  /** The segment's first byte's offset in the whole file. */
  start: number;
}

export class PdfSource {
  readonly segments: readonly Segment[];
  readonly length: number;

  constructor(buffers: readonly Buffer[]) {
    const segments: Segment[] = [];
    let start = 0;
    for (const buffer of buffers) {
      if (buffer.length === 0) continue;
      segments.push({ buffer, start });
      start += buffer.length;
    }
    this.segments = segments;
    this.length = start;
  }

  /** The segment holding `offset` (objects never straddle two: each update is written whole). */
  locate(offset: number): Segment {
    if (!Number.isInteger(offset) || offset < 0 || offset >= this.length) throw malformed(`offset ${offset} lies outside the file`);
    let low = 0;
    let high = this.segments.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.segments[middle].start <= offset) low = middle;
      else high = middle - 1;
    }
    return this.segments[low];
  }

  get last(): Segment {
    return this.segments[this.segments.length - 1];
  }

  appended(update: Buffer): PdfSource {
    return new PdfSource([...this.segments.map((segment) => segment.buffer), update]);
  }

  /** The whole file as one buffer: the one copy made, when the signed PDF is handed back. */
  toBuffer(): Buffer {
    return this.segments.length === 1 ? this.segments[0].buffer : Buffer.concat(this.segments.map((segment) => segment.buffer), this.length);
  }

  /** Feeds the bytes in [start, end) to `sink` segment by segment, without copying them. */
  forEachRange(start: number, end: number, sink: (chunk: Buffer) => void): void {
    for (const segment of this.segments) {
      const from = Math.max(start, segment.start);
      const to = Math.min(end, segment.start + segment.buffer.length);
      if (from < to) sink(segment.buffer.subarray(from - segment.start, to - segment.start));
    }
  }

  /** A few bytes copied out (headers, trailers, placeholders): never the bulk of the file. */
  slice(start: number, end: number): Buffer {
    const parts: Buffer[] = [];
    this.forEachRange(start, end, (chunk) => parts.push(chunk));
    return parts.length === 1 ? Buffer.from(parts[0]) : Buffer.concat(parts);
  }
}
