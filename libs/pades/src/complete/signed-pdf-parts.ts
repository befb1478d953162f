/**
 * A signed PDF as incremental signing makes it: the original, untouched, followed by the updates
 * appended to it. The same bytes as the joined file, without a copy of the original: a writer that
 * takes several buffers (a file written part by part, a response streamed) need not make one, and a
 * copy of a file-sized buffer costs more than hashing it.
 */
import { createHash, type Hash } from 'node:crypto';

export interface SignedPdfParts {
  /** The original first, then each update appended to it. */
  parts: Buffer[];
  /** The signed file's size. */
  length: number;
}

export function signedPdfParts(parts: Buffer[]): SignedPdfParts {
  return { parts, length: parts.reduce((sum, part) => sum + part.length, 0) };
}

/** The signed file as one buffer. */
export function joinSignedPdf(signed: SignedPdfParts): Buffer {
  return signed.parts.length === 1 ? signed.parts[0] : Buffer.concat(signed.parts, signed.length);
}

/** SHA-256 of the signed file, part by part. */
export function signedPdfSha256(signed: SignedPdfParts): Buffer {
  return signed.parts.reduce((hash: Hash, part) => hash.update(part), createHash('sha256')).digest();
}
