/**
 * What B-LT puts in the DSS: every certificate needed to build the paths of the signature and of its
 * time-stamp, and what the caller's revocation function returns for them (OCSP responses, CRLs, the
 * responders' certificates). The DER is taken as given: a national CRL is too large to parse here.
 */
import { createHash } from 'node:crypto';
import { SigningError } from '../errors';
import type { RevocationFunction, ValidationData } from './revocation';

export async function collectValidationData(revocation: RevocationFunction, signerChain: Buffer[], timeStampCertificates: Buffer[]): Promise<ValidationData> {
  const certificates = unique([...signerChain, ...timeStampCertificates]);
  const data = await revocation(certificates);
  const list = (value: unknown, what: string): Buffer[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value) || !value.every((item) => Buffer.isBuffer(item) && item.length > 0)) {
      throw new SigningError('revocation-missing', `the revocation function returned ${what} that are not DER in Buffers`);
    }
    return value;
  };
  if (!data || typeof data !== 'object') throw new SigningError('revocation-missing', 'the revocation function returned nothing');
  const ocspResponses = unique(list(data.ocspResponses, 'OCSP responses'));
  const crls = unique(list(data.crls, 'CRLs'));
  if (ocspResponses.length === 0 && crls.length === 0) {
    throw new SigningError('revocation-missing', 'the revocation function returned neither OCSP responses nor CRLs: B-LT needs one or the other');
  }
  return { certificates: unique([...certificates, ...list(data.certificates, 'certificates')]), ocspResponses, crls };
}

function unique(buffers: Buffer[]): Buffer[] {
  const seen = new Set<string>();
  return buffers.filter((buffer) => {
    const key = createHash('sha256').update(buffer).digest('hex');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
