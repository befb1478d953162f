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

  /**
   * pdfsig 22.12 cannot validate document time-stamps (ETSI.RFC3161: "Unable to validate this type of
   * signature"): for those it must list them, name the TSA and see them cover the whole file, and
   * `openssl ts -verify` checks the token over the ByteRange.
   */
  function verify(file: string, pdf: Buffer, expected: { signatures: number; documentTimeStamps: number; level: PadesLevel }) {
    fs.writeFileSync(file, pdf);
    const embedded = embeddedSignatures(pdf);
    expect(embedded.map((signature) => signature.subFilter)).toEqual(
      Array.from({ length: expected.signatures }, () => ['ETSI.CAdES.detached', ...(expected.documentTimeStamps ? ['ETSI.RFC3161'] : [])]).flat(),
    );
    const report = pdfsig(file, pki.nssDatabase());
    expect(report.signatures).toHaveLength(embedded.length);
    report.signatures.forEach((signature, i) => {
      if (embedded[i].subFilter === 'ETSI.RFC3161') {
        expect(signature.text).toContain('Signer Certificate Common Name: Theqa Test Time-Stamping Unit');
      } else {
        expect({ index: signature.index, valid: signature.signatureValid, trusted: signature.certificateTrusted }).toEqual({ index: signature.index, valid: true, trusted: true });
      }
    });
    const last = report.signatures.at(-1)!;
    if (expected.level === 'B-LT') {
      // A B-LT signature is followed by its DSS update, which nothing signs: pdfsig cannot call it total.
      expect(last.totalDocumentSigned).toBe(false);
      const tail = pdf.subarray(embedded.at(-1)!.byteRange[2] + embedded.at(-1)!.byteRange[3]).toString('latin1');
      expect(tail).toContain('/Type/DSS');
    } else {
      expect(last.totalDocumentSigned).toBe(true);
    }
    embedded.forEach((signature, i) => {
      expect(signature.byteRange[0]).toBe(0);
      const name = `${path.basename(file)}-${i}`;
      const isTimeStamp = signature.subFilter === 'ETSI.RFC3161';
      const result = isTimeStamp ? opensslTimeStampVerify(signature, dir, pki.root.pemFile, name) : opensslCmsVerify(signature, dir, pki.root.pemFile, name);
      expect(result.output).toMatch(isTimeStamp ? /Verification: OK/ : /Verification successful/);
      expect(result.status).toBe(0);
    });
    const check = qpdfCheck(file);
    expect(check.output).toMatch(/No syntax or stream encoding errors found/);
    expect(check.status).toBe(0);
    return report;
  }

  const LEVELS: PadesLevel[] = ['B-B', 'B-T', 'B-LT', 'B-LTA'];

  it.each(LEVELS)('%s: one signature', async (level) => {
    const signed = await sign(await plainPdf(2), signers[0], level);
    const report = verify(path.join(dir, `one-${level}.pdf`), signed, { signatures: 1, documentTimeStamps: level === 'B-LTA' ? 1 : 0, level });
    expect(report.signatures[0].type).toBe('ETSI.CAdES.detached');
  });

  it.each(LEVELS)('%s: three signatures by three signers (ECDSA, RSA, ECDSA), each leaving the earlier ones valid', async (level) => {
    let pdf = await plainPdf(3);
    for (const [i, signer] of signers.entries()) {
      pdf = await sign(pdf, signer, level);
      verify(path.join(dir, `three-${level}-${i + 1}.pdf`), pdf, { signatures: i + 1, documentTimeStamps: level === 'B-LTA' ? i + 1 : 0, level });
    }
  });
});
