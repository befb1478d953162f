/**
 * How many bytes to reserve in /Contents for the CMS: its certificates, the signature, the signed
 * attributes and the structure around them, and for B-T and above room for the time-stamp token.
 * The signature covers the placeholder's size, so it cannot be enlarged after signing: err on the
 * generous side (a few kilobytes of zeros cost nothing).
 */
import type { SignerCertificate } from '../cms/signer-certificate';
import { hasSignatureTimeStamp, type PadesLevel } from '../levels/level';

const ATTRIBUTES_AND_STRUCTURE = 1024;

export function contentsSizeFor(signer: SignerCertificate, chain: Buffer[], level: PadesLevel, timeStampSize: number): number {
  const certificates = signer.der.length + chain.reduce((sum, certificate) => sum + certificate.length, 0);
  const signature = signer.signatureSize + 16;
  const timeStamp = hasSignatureTimeStamp(level) ? timeStampSize + 64 : 0;
  const total = certificates + signature + ATTRIBUTES_AND_STRUCTURE + timeStamp;
  return Math.ceil(total / 512) * 512;
}
