/**
 * Signing with a key at hand (a key file, the platform's key store): prepare, sign the signed
 * attributes, complete, in one call. Remote signers (a citizen's device) use prepare and complete.
 */
import { SigningError } from '../errors';
import { prepare } from '../prepare/prepare';
import type { PrepareOptions } from '../prepare/prepare-options';
import { complete, type CompleteOptions } from './complete';

/** Signs the DER signed attributes (SHA-256 with the signer's key): ECDSA as DER or r ‖ s, or RSA PKCS#1 v1.5. */
export type SignatureFunction = (signedAttributes: Buffer) => Promise<Buffer>;

export interface SignPdfOptions extends PrepareOptions, CompleteOptions {
  signer: SignatureFunction;
}

export async function signPdf(pdf: Buffer, options: SignPdfOptions): Promise<Buffer> {
  if (typeof options?.signer !== 'function') throw new SigningError('options-invalid', 'signPdf needs a signer function');
  const { signer, timeStamp, revocation, ...prepareOptions } = options;
  const prepared = prepare(pdf, prepareOptions);
  const signature = await signer(prepared.signedAttributes);
  return complete(prepared.prepared, signature, prepareOptions.certificate, prepareOptions.chain, { timeStamp, revocation });
}
