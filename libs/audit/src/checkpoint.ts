import { createHash, createPublicKey, verify } from 'node:crypto';

/**
 * What a checkpoint asserts: "the chain's entry #seq has this hash", at a time, signed by a key the
 * database's owner does not hold. Checkpoints are numbered from 1 without gaps and each names its
 * predecessor's digest, so one cannot be removed or altered without breaking those after it.
 */
export interface CheckpointStatement {
  /** 1, 2, 3…: a gap is a deleted checkpoint. */
  number: number;
  /** The chain head it vouches for: every entry up to and including this one. */
  chainSeq: number;
  chainHash: Buffer;
  at: Date;
  /** checkpointDigest of the checkpoint before (CHECKPOINT_GENESIS for #1). */
  previous: Buffer;
  /** Label of the signing key in the key store, e.g. `audit-checkpoint-1`. */
  keyLabel: string;
  /** DER SubjectPublicKeyInfo of the signing key, saved so that an auditor without the key store can check the signature. */
  keySpki: Buffer;
}

/** A stored checkpoint: the statement, its signature, and an RFC 3161 token over SHA-256(signature). */
export interface AuditCheckpoint extends CheckpointStatement {
  /** `ecdsa-with-SHA256`, `ecdsa-with-SHA384` or `sha256WithRSAEncryption`; ECDSA signatures are DER. */
  signatureAlgorithm: string;
  signature: Buffer;
  timeStampToken: Buffer;
}

export const CHECKPOINT_GENESIS = Buffer.alloc(32);

/**
 * The exact bytes that are signed: plain text, one field a line, so that an auditor can read what a
 * signature says and check it with `openssl dgst -verify` (docs/security/audit.md).
 */
export function checkpointStatement(statement: CheckpointStatement): Buffer {
  return Buffer.from(
    [
      'theqa audit checkpoint v1',
      `number: ${statement.number}`,
      `seq: ${statement.chainSeq}`,
      `hash: ${statement.chainHash.toString('hex')}`,
      `at: ${statement.at.toISOString()}`,
      `previous: ${statement.previous.toString('hex')}`,
      `key: ${statement.keyLabel} sha256:${keyFingerprint(statement.keySpki)}`,
      '',
    ].join('\n'),
    'utf8',
  );
}

/** SHA-256 of the statement: what the next checkpoint names as `previous`, and what an auditor records. */
export function checkpointDigest(statement: CheckpointStatement): Buffer {
  return createHash('sha256').update(checkpointStatement(statement)).digest();
}

/** The imprint the TSA stamps: the signature's SHA-256, so the token proves the signature existed then. */
export function checkpointImprint(signature: Buffer): Buffer {
  return createHash('sha256').update(signature).digest();
}

/** SHA-256 of a DER SubjectPublicKeyInfo, hexadecimal: how a checkpoint key is named to people. */
export function keyFingerprint(spki: Buffer): string {
  return createHash('sha256').update(spki).digest('hex');
}

/** The hash each signature algorithm of the platform's keys signs with (checkpoints, exports). */
export const HASH_OF_SIGNATURE: Record<string, string> = {
  'ecdsa-with-SHA256': 'sha256',
  'ecdsa-with-SHA384': 'sha384',
  sha256WithRSAEncryption: 'sha256',
};

/** Whether the checkpoint's signature verifies with the given public key (DER SPKI). */
export function checkpointSignatureHolds(checkpoint: AuditCheckpoint, publicKeySpki: Buffer): boolean {
  const hash = HASH_OF_SIGNATURE[checkpoint.signatureAlgorithm];
  if (!hash) return false;
  try {
    const key = createPublicKey({ key: publicKeySpki, format: 'der', type: 'spki' });
    return verify(hash, checkpointStatement(checkpoint), { key, dsaEncoding: 'der' }, checkpoint.signature);
  } catch {
    return false;
  }
}
