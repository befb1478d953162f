import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toolIsAvailable } from '@theqa/testing';
import { signPdf, type PadesLevel } from '../src';
import { plainPdf } from './support/inputs';
import { TestPki, type TestSigner } from './support/test-pki';
import { embeddedSignatures, opensslCmsVerify, opensslTimeStampVerify, pdfsig, qpdfCheck } from './support/verifiers';

const tools = toolIsAvailable('pdfsig') && toolIsAvailable('certutil') && toolIsAvailable('openssl') && toolIsAvailable('qpdf');
const describeWithTools = tools ? describe : describe.skip;

/**
 * Every level, one and three signatures, checked by pdfsig (NSS, root trusted), `openssl cms -verify`
 * (and `openssl ts -verify` for document time-stamps) over each ByteRange, and `qpdf --check`.
 */
describeWithTools('signing at each PAdES level, verified by pdfsig, OpenSSL and qpdf', () => {
  let pki: TestPki;
  let signers: TestSigner[];
  let dir: string;

  beforeAll(() => {
    pki = new TestPki();
    signers = [pki.signer('alice', 'Alice Citizen'), pki.signer('bob', 'Bob Citizen', 'rsa-2048'), pki.signer('carol', 'Carol Citizen')];
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-pades-levels-'));
  });
  afterAll(() => {
    pki.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const sign = (pdf: Buffer, signer: TestSigner, level: PadesLevel) =>
    signPdf(pdf, { signer: signer.sign, certificate: signer.certificate, chain: signer.chain, level, timeStamp: pki.timeStamp, revocation: pki.revocation, reason: 'Approval' });

  function verify(file: string, pdf: Buffer, expected: { signatures: number; documentTimeStamps: number }) {
    fs.writeFileSync(file, pdf);
    const report = pdfsig(file, pki.nssDatabase());
    expect(report.signatures).toHaveLength(expected.signatures + expected.documentTimeStamps);
    for (const signature of report.signatures) {
      expect({ index: signature.index, valid: signature.signatureValid, trusted: signature.certificateTrusted }).toEqual({ index: signature.index, valid: true, trusted: true });
    }
    // Only the last revision's signature can cover the whole file; earlier ones are followed by updates (later signatures, DSS).
    expect(report.signatures.at(-1)!.totalDocumentSigned).toBe(true);
    const embedded = embeddedSignatures(pdf);
    expect(embedded).toHaveLength(expected.signatures + expected.documentTimeStamps);
    embedded.forEach((signature, i) => {
      expect(signature.byteRange[0]).toBe(0);
      const isTimeStamp = report.signatures[i].type === 'ETSI.RFC3161';
      const result = isTimeStamp ? opensslTimeStampVerify(signature, dir, pki.root.pemFile, `${path.basename(file)}-${i}`) : opensslCmsVerify(signature, dir, pki.root.pemFile, `${path.basename(file)}-${i}`);
      expect(result.output).toMatch(isTimeStamp ? /Verification: OK/ : /Verification successful/);
      expect(result.status).toBe(0);
    });
    const check = qpdfCheck(file);
    expect(check.output).toMatch(/No syntax or stream encoding errors found/);
    expect(check.status).toBe(0);
    return report;
  }

  it.each(['B-B', 'B-T'] as PadesLevel[])('%s: one signature', async (level) => {
    const signed = await sign(await plainPdf(2), signers[0], level);
    const report = verify(path.join(dir, `one-${level}.pdf`), signed, { signatures: 1, documentTimeStamps: 0 });
    expect(report.signatures[0].type).toBe('ETSI.CAdES.detached');
  });
});
