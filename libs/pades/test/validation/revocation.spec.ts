import { readFileSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import { toolIsAvailable } from '@theqa/testing';
import { validatePdf } from '../../src';
import { readCertificate } from '../../src/validation/certificate';
import { crlEvidence } from '../../src/validation/crl';
import { plainPdf } from '../support/inputs';
import { TestPki, type TestSigner } from '../support/test-pki';
import { signWith } from './support/signed-inputs';

const describeWithOpenssl = toolIsAvailable('openssl') ? describe : describe.skip;
jest.setTimeout(120_000);

/** `openssl ca`'s time format (UTCTime). */
const indexTime = (date: Date) => date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';

/** Marks `signer` revoked at `at` in the signing CA's database, which `openssl ocsp` and `-gencrl` read. */
function revoke(pki: TestPki, signer: TestSigner, at: Date): void {
  const serial = new X509Certificate(signer.certificate).serialNumber;
  const file = pki.file('signing-ca-index.txt');
  const lines = readFileSync(file, 'utf8').split('\n').map((line) => {
    const fields = line.split('\t');
    return fields[3] === serial ? ['R', fields[1], indexTime(at), ...fields.slice(3)].join('\t') : line;
  });
  writeFileSync(file, lines.join('\n'));
}

/** Revocation status at the signing time: what the signature time-stamp proves decides. */
describeWithOpenssl('revocation at the signing time', () => {
  let pki: TestPki;
  let input: Buffer;
  const anchors = () => ({ trustAnchors: [pki.root.der] });

  beforeAll(async () => {
    pki = new TestPki();
    input = await plainPdf();
  });
  afterAll(() => pki.remove());

  it('revoked, B-B (no proof of existence before): INDETERMINATE REVOKED_NO_POE', async () => {
    const dave = pki.signer('dave', 'Dave Citizen');
    const pdf = await signWith(pki, dave, 'B-B')(input);
    revoke(pki, dave, new Date(Date.now() - 3600_000));
    const [signature] = (await validatePdf(pdf, { ...anchors(), revocation: async ({ certificate }) => ({ ocspResponses: [pki.ocsp(certificate)] }) })).signatures;
    expect([signature.indication, signature.subIndication, signature.revocation?.status, signature.revocation?.kind]).toEqual(['INDETERMINATE', 'REVOKED_NO_POE', 'revoked', 'ocsp']);
  });

  it('revoked after the signature time-stamp: TOTAL_PASSED; revoked before it: TOTAL_FAILED REVOKED', async () => {
    const erin = pki.signer('erin', 'Erin Citizen');
    const frank = pki.signer('frank', 'Frank Citizen');
    const erinPdf = await signWith(pki, erin, 'B-T')(input);
    const frankPdf = await signWith(pki, frank, 'B-T')(input);
    revoke(pki, erin, new Date(Date.now() + 120_000));
    revoke(pki, frank, new Date(Date.now() - 3600_000));
    const options = { ...anchors(), now: new Date(Date.now() + 600_000), revocation: async ({ certificate }: { certificate: Buffer }) => ({ ocspResponses: [pki.ocsp(certificate)] }) };
    const [erinSignature] = (await validatePdf(erinPdf, options)).signatures;
    expect([erinSignature.indication, erinSignature.revocation?.status]).toEqual(['TOTAL_PASSED', 'revoked']);
    const [frankSignature] = (await validatePdf(frankPdf, options)).signatures;
    expect([frankSignature.indication, frankSignature.subIndication]).toEqual(['TOTAL_FAILED', 'REVOKED']);
  });

  it('reads a 20,000-entry CRL (beyond asn1js\'s 10,000 nodes) with its own DER walker', async () => {
    const grace = pki.signer('grace', 'Grace Citizen');
    const pdf = await signWith(pki, grace, 'B-B')(input);
    const file = pki.file('signing-ca-index.txt');
    const expiry = indexTime(new Date(Date.now() + 86400_000 * 30));
    const revokedAt = indexTime(new Date(Date.now() - 86400_000));
    const filler = Array.from({ length: 20_000 }, (_, i) => `R\t${expiry}\t${revokedAt}\t${(0x100000 + i).toString(16).toUpperCase()}\tunknown\t/CN=Someone ${i}`);
    writeFileSync(file, `${readFileSync(file, 'utf8')}${filler.join('\n')}\n`);
    const crl = pki.crl('signing-ca');
    expect(asn1js.fromBER(crl).offset).toBe(-1); // asn1js gives up on it
    const issuer = readCertificate(pki.signingCa.der);
    expect(crlEvidence(crl, readCertificate(grace.certificate), issuer)).toMatchObject({ status: 'good' });
    const someone = crlEvidence(crl, { ...readCertificate(grace.certificate), serialNumber: (0x100000 + 12_345).toString(16) }, issuer);
    expect(someone).toMatchObject({ status: 'revoked', revokedAt: expect.any(Date) });

    const [signature] = (await validatePdf(pdf, { ...anchors(), revocation: async () => ({ crls: [crl] }) })).signatures;
    expect([signature.indication, signature.revocation?.status, signature.revocation?.kind]).toEqual(['TOTAL_PASSED', 'good', 'crl']);
    revoke(pki, grace, new Date(Date.now() - 3600_000));
    const revoked = (await validatePdf(pdf, { ...anchors(), revocation: async () => ({ crls: [pki.crl('signing-ca')] }) })).signatures[0];
    expect([revoked.indication, revoked.subIndication, revoked.revocation?.kind]).toEqual(['INDETERMINATE', 'REVOKED_NO_POE', 'crl']);
  });
});
