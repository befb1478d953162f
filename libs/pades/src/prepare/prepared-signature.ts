/**
 * What phase one worked out, as it is in memory: the update with its placeholders, where they are,
 * the signed attributes and the signer. `signPdf` hands it straight to phase two; `prepare` encodes
 * it as the JSON-safe PreparedSignature a remote signer's state is kept as, and `complete` decodes it.
 */
import type { PadesLevel } from '../levels/level';
import type { ByteRange } from '../signature/byte-range';
import type { PlaceholderPosition } from '../writer/placeholders';

export interface PreparedSignatureParts {
  level: PadesLevel;
  /** Written in /M. */
  signingTime: Date;
  /** The update appended to the input, with the ByteRange patched and /Contents empty. */
  update: Buffer;
  /** The update's first byte's offset: the input's length. */
  updateStart: number;
  byteRange: ByteRange;
  /** Absolute offsets of the /Contents hex string (angle brackets included). */
  contents: PlaceholderPosition;
  /** SHA-256 of the ByteRange: the CMS messageDigest. */
  documentDigest: Buffer;
  /** DER of the signed attributes the signer signs. */
  signedAttributes: Buffer;
  /** SHA-256 of the signer's certificate, named in signing-certificate-v2. */
  certificateSha256: Buffer;
  /** The chain given at prepare (DER), embedded unless `complete` is given another. */
  chain: Buffer[];
  /** Bytes reserved for a document time-stamp token (B-LTA). */
  timeStampSize: number;
}
