/**
 * An update that carries a signature: written, its /ByteRange patched in, and the digest of that
 * range taken. What remains is to write the CMS (or time-stamp token) into /Contents.
 */
import type { IncrementalUpdate } from '../writer/incremental-update';
import type { PlaceholderPosition } from '../writer/placeholders';
import { byteRangeAround, digestByteRange, embedContents, patchByteRange, type ByteRange } from './byte-range';

export interface SignatureUpdate {
  bytes: Buffer;
  /** The update's first byte's offset in the file. */
  start: number;
  byteRange: ByteRange;
  contents: PlaceholderPosition;
  /** SHA-256 of the bytes the ByteRange covers. */
  documentDigest: Buffer;
}

export function writeSignatureUpdate(update: IncrementalUpdate): SignatureUpdate {
  const written = update.write();
  if (!written.contents || !written.byteRange) throw new Error('a signature update without its placeholders');
  const start = update.document.source.length;
  const byteRange = byteRangeAround(written.contents, start + written.bytes.length);
  patchByteRange(written.bytes, start, written.byteRange, byteRange);
  const documentDigest = digestByteRange(update.document.source.appended(written.bytes), byteRange);
  return { bytes: written.bytes, start, byteRange, contents: written.contents, documentDigest };
}

/** The update with the DER written into /Contents (a copy: the prepared bytes stay as they were). */
export function withContents(signatureUpdate: Pick<SignatureUpdate, 'bytes' | 'start' | 'contents'>, der: Buffer): Buffer {
  const bytes = Buffer.from(signatureUpdate.bytes);
  embedContents(bytes, signatureUpdate.start, signatureUpdate.contents, der);
  return bytes;
}
