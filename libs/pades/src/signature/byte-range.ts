/**
 * The /ByteRange (§12.8.1): everything from the start of the file to the end of the update, except
 * the /Contents hex string. It is patched into its fixed-width placeholder, and its digest is taken
 * range by range over the file's segments, never copying the file.
 */
import { createHash } from 'node:crypto';
import { SigningError } from '../errors';
import type { PdfSource } from '../pdf/pdf-source';
import { ByteRangePlaceholder, type PlaceholderPosition } from '../writer/placeholders';

export type ByteRange = [number, number, number, number];

export function byteRangeAround(contents: PlaceholderPosition, fileLength: number): ByteRange {
  return [0, contents.start, contents.end, fileLength - contents.end];
}

/** Writes `[0 a b c]` over the placeholder, padded with spaces to its width. */
export function patchByteRange(update: Buffer, updateStart: number, placeholder: PlaceholderPosition, byteRange: ByteRange): void {
  const text = `[${byteRange.join(' ')}]`.padEnd(ByteRangePlaceholder.WIDTH, ' ');
  if (text.length !== placeholder.end - placeholder.start) throw new Error('the byte range does not fit its placeholder');
  update.write(text, placeholder.start - updateStart, 'latin1');
}

export function digestByteRange(source: PdfSource, byteRange: ByteRange): Buffer {
  const hash = createHash('sha256');
  const sink = (chunk: Buffer) => hash.update(chunk);
  source.forEachRange(byteRange[0], byteRange[0] + byteRange[1], sink);
  source.forEachRange(byteRange[2], byteRange[2] + byteRange[3], sink);
  return hash.digest();
}

/** Writes the DER into the /Contents placeholder as hex, zero-padded; refuses what does not fit. */
export function embedContents(update: Buffer, updateStart: number, placeholder: PlaceholderPosition, der: Buffer): void {
  const room = (placeholder.end - placeholder.start - 2) / 2;
  if (der.length > room) {
    throw new SigningError('signature-too-large', `the CMS signature (${der.length} bytes) does not fit the ${room} bytes reserved for /Contents: prepare again with contentsSize of at least ${der.length}`, {
      needed: der.length,
      reserved: room,
    });
  }
  update.write(der.toString('hex'), placeholder.start - updateStart + 1, 'latin1');
}
