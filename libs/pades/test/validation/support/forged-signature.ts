/**
 * A signature whose ESS signing-certificate-v2 names one certificate while another's key signs it:
 * prepared for `named` (so the signed attributes carry its hash), signed with `actual`'s key, and the
 * CMS written by hand naming `actual` as the signer (complete() would refuse it, as it should).
 */
import { signedDataContentInfo } from '../../../src/cms/signed-data';
import { readSignerCertificate } from '../../../src/cms/signer-certificate';
import { prepare } from '../../../src';
import { withContents } from '../../../src/signature/signature-update';
import type { TestSigner } from '../../support/test-pki';

export async function signedNamingAnotherCertificate(pdf: Buffer, named: TestSigner, actual: TestSigner): Promise<Buffer> {
  const { prepared, signedAttributes } = prepare(pdf, { certificate: named.certificate, chain: named.chain, level: 'B-B' });
  const signature = await actual.sign(signedAttributes);
  const der = signedDataContentInfo({ signer: readSignerCertificate(actual.certificate), signedAttributes, signature, certificates: [actual.certificate, named.certificate, ...actual.chain] });
  const update = Buffer.from(prepared.state.update, 'base64');
  const written = withContents({ bytes: update, start: pdf.length, contents: prepared.state.contents }, der);
  return Buffer.concat([pdf, written]);
}
