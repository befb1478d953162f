/**
 * What `prepare` hands over for `complete`, JSON-safe so the signing service can keep it in its
 * database while the device signs: the incremental update with its placeholders, where they are, the
 * digests, the signed attributes, and a fingerprint of the input PDF (kept by the caller, not here).
 */
import { createHash } from 'node:crypto';
import { SigningError } from '../errors';
import { isPadesLevel, type PadesLevel } from '../levels/level';
import type { ByteRange } from '../signature/byte-range';
import type { PreparedSignatureParts } from './prepared-signature';

export const PREPARED_FORMAT = 'theqa-pades-prepared/1';

export interface PreparedSignature {
  format: typeof PREPARED_FORMAT;
  level: PadesLevel;
  /** ISO 8601: the signing time written in /M. */
  signingTime: string;
  input: { length: number; fingerprint: string };
  /** Base64 of the update appended to the input, with the ByteRange patched and /Contents empty. */
  update: string;
  byteRange: ByteRange;
  /** Absolute offsets of the /Contents hex string (angle brackets included). */
  contents: { start: number; end: number };
  /** Hex SHA-256 of the ByteRange: the CMS messageDigest. */
  documentDigest: string;
  /** Base64 DER of the signed attributes the signer signs. */
  signedAttributes: string;
  /** Hex SHA-256 of the signer's certificate, named in signing-certificate-v2. */
  certificateSha256: string;
  /** Base64 DER of the chain given at prepare, embedded unless `complete` is given another. */
  chain: string[];
  /** Bytes reserved for a document time-stamp token (B-LTA). */
  timeStampSize: number;
}

/** The prepared state and the input PDF it was prepared from (which the caller keeps). */
export interface PreparedDocument {
  state: PreparedSignature;
  pdf: Buffer;
}

const HEAD = 1024;
const TAIL = 64 * 1024;

/** Ties the state to its input cheaply: length, first kilobyte, last 64 KiB (where trailers are). */
export function inputFingerprint(pdf: Buffer): { length: number; fingerprint: string } {
  const hash = createHash('sha256').update(pdf.subarray(0, HEAD)).update(pdf.subarray(Math.max(HEAD, pdf.length - TAIL)));
  return { length: pdf.length, fingerprint: hash.digest('hex') };
}

/** The JSON-safe state of a prepared signature, tied to its input PDF by a fingerprint. */
export function encodePreparedState(parts: PreparedSignatureParts, pdf: Buffer): PreparedSignature {
  return {
    format: PREPARED_FORMAT,
    level: parts.level,
    signingTime: parts.signingTime.toISOString(),
    input: inputFingerprint(pdf),
    update: parts.update.toString('base64'),
    byteRange: parts.byteRange,
    contents: { start: parts.contents.start, end: parts.contents.end },
    documentDigest: parts.documentDigest.toString('hex'),
    signedAttributes: parts.signedAttributes.toString('base64'),
    certificateSha256: parts.certificateSha256.toString('hex'),
    chain: parts.chain.map((certificate) => certificate.toString('base64')),
    timeStampSize: parts.timeStampSize,
  };
}

/** The prepared signature back from its state, once the state is well formed and the PDF is the one it was prepared from. */
export function decodePreparedState(prepared: PreparedDocument): PreparedSignatureParts {
  if (!prepared || typeof prepared !== 'object') throw new SigningError('prepared-state-invalid', 'the prepared signature is missing');
  const state = checkPreparedState(prepared.state);
  if (!Buffer.isBuffer(prepared.pdf)) throw new SigningError('prepared-state-invalid', 'the prepared signature lacks its input PDF');
  const input = inputFingerprint(prepared.pdf);
  if (input.length !== state.input.length || input.fingerprint !== state.input.fingerprint) {
    throw new SigningError('prepared-input-mismatch', 'the PDF given is not the one the signature was prepared for');
  }
  const update = Buffer.from(state.update, 'base64');
  if (state.byteRange[2] + state.byteRange[3] !== state.input.length + update.length) {
    throw new SigningError('prepared-state-invalid', 'the prepared signature is not usable: its byte range does not end where its update does');
  }
  return {
    level: state.level,
    signingTime: new Date(state.signingTime),
    update,
    updateStart: state.input.length,
    byteRange: state.byteRange,
    contents: state.contents,
    documentDigest: Buffer.from(state.documentDigest, 'hex'),
    signedAttributes: Buffer.from(state.signedAttributes, 'base64'),
    certificateSha256: Buffer.from(state.certificateSha256, 'hex'),
    chain: state.chain.map((der) => Buffer.from(der, 'base64')),
    timeStampSize: state.timeStampSize,
  };
}

function checkPreparedState(value: unknown): PreparedSignature {
  const state = value as PreparedSignature;
  const bad = (why: string) => new SigningError('prepared-state-invalid', `the prepared signature is not usable: ${why}`);
  if (!state || typeof state !== 'object' || state.format !== PREPARED_FORMAT) throw bad(`its format is not ${PREPARED_FORMAT}`);
  if (!isPadesLevel(state.level)) throw bad('unknown level');
  const integers = [state.input?.length, ...(state.byteRange ?? []), state.contents?.start, state.contents?.end, state.timeStampSize];
  if (integers.some((n) => !Number.isSafeInteger(n) || (n as number) < 0) || state.byteRange.length !== 4) throw bad('offsets are not integers');
  if (typeof state.update !== 'string' || typeof state.signedAttributes !== 'string' || !Array.isArray(state.chain)) throw bad('missing fields');
  if (!/^[0-9a-f]{64}$/.test(state.documentDigest) || !/^[0-9a-f]{64}$/.test(state.certificateSha256) || !/^[0-9a-f]{64}$/.test(state.input.fingerprint)) {
    throw bad('malformed digests');
  }
  if (Number.isNaN(Date.parse(state.signingTime))) throw bad('malformed signing time');
  const updateLength = Math.floor((state.update.length * 3) / 4);
  const [, contentsStart, contentsEnd, rest] = state.byteRange;
  if (contentsStart !== state.contents.start || contentsEnd !== state.contents.end || contentsStart < state.input.length || contentsEnd + rest > state.input.length + updateLength) {
    throw bad('its byte range does not match its update');
  }
  return state;
}
