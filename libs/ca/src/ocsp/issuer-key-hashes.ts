import { createHash } from 'node:crypto';
import type { CertIdHashAlgorithm } from './cert-id';
import { readCertificateFields } from '../certificate/certificate-fields';

export interface IssuerHashes {
  issuerNameHash: Buffer;
  issuerKeyHash: Buffer;
}

/**
 * What a CertID names an issuing CA by, for each hash a request may use: the hash of the CA's subject
 * Name and of its public key bits (RFC 6960 §4.1.1). Computed once per CA; requests match by comparison.
 */
export function issuerKeyHashes(issuerCertDer: Buffer): Record<CertIdHashAlgorithm, IssuerHashes> {
  const { subjectDer, subjectPublicKey } = readCertificateFields(issuerCertDer);
  const pair = (algorithm: CertIdHashAlgorithm): IssuerHashes => ({
    issuerNameHash: createHash(algorithm).update(subjectDer).digest(),
    issuerKeyHash: createHash(algorithm).update(subjectPublicKey).digest(),
  });
  return { sha1: pair('sha1'), sha256: pair('sha256') };
}

/** ResponderID byKey: SHA-1 of the responder's public key bits (RFC 6960 §4.2.1), from its certificate. */
export function responderKeyHashOf(responderCertDer: Buffer): Buffer {
  return createHash('sha1').update(readCertificateFields(responderCertDer).subjectPublicKey).digest();
}
