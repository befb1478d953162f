/**
 * Signing with a key at hand (a key file, the platform's key store): prepare, sign the signed
 * attributes, complete, in one call. Remote signers (a citizen's device) use prepare and complete.
 */
import { SigningError } from '../errors';
import { prepareSignature } from '../prepare/prepare';
import type { PrepareOptions } from '../prepare/prepare-options';
import { completeSignature, type CompleteOptions } from './complete';
import { joinSignedPdf, type SignedPdfParts } from './signed-pdf-parts';

/** Signs the DER signed attributes (SHA-256 with the signer's key): ECDSA as DER or r ‖ s, or RSA PKCS#1 v1.5. */
export type SignatureFunction = (signedAttributes: Buffer) => Promise<Buffer>;

export interface SignPdfOptions extends PrepareOptions, CompleteOptions {
  signer: SignatureFunction;
}

export async function signPdf(pdf: Buffer, options: SignPdfOptions): Promise<Buffer> {
  return joinSignedPdf(await signPdfParts(pdf, options));
}

/** As `signPdf`, the signed PDF as the input followed by the updates appended to it, not joined. */
export async function signPdfParts(pdf: Buffer, options: SignPdfOptions): Promise<SignedPdfParts> {
  if (typeof options?.signer !== 'function') throw new SigningError('options-invalid', 'signPdf needs a signer function');
  const { signer, timeStamp, revocation, ...prepareOptions } = options;
  // The prepared signature stays in memory: no JSON-safe state to encode, no fingerprint of the input to check.
  const prepared = prepareSignature(pdf, prepareOptions);
  const signature = await signer(prepared.signedAttributes);
  return completeSignature(pdf, prepared, signature, prepareOptions.certificate, prepareOptions.chain, { timeStamp, revocation });
}
