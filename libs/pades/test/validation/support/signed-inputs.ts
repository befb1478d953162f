/** Signing for the validation tests: the library's own signPdf, with the openssl test PKI of the signing tests. */
import { signPdf, type PadesLevel } from '../../../src';
import type { PrepareOptions } from '../../../src/prepare/prepare-options';
import type { TestPki, TestSigner } from '../../support/test-pki';

export function signWith(pki: TestPki, signer: TestSigner, level: PadesLevel = 'B-B', extra: Partial<PrepareOptions> = {}) {
  return (pdf: Buffer) =>
    signPdf(pdf, { signer: signer.sign, certificate: signer.certificate, chain: signer.chain, level, timeStamp: pki.timeStamp, revocation: pki.revocation, reason: 'Approval', ...extra });
}
