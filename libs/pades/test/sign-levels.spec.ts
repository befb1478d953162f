import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toolIsAvailable } from '@theqa/testing';
import { signPdf, type PadesLevel } from '../src';
import { plainPdf } from './support/inputs';
import { TestPki, type TestSigner } from './support/test-pki';
import { embeddedSignatures } from './support/verifiers';
import { expectVerifiedEverywhere } from './support/verify-signed';

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

  function verify(file: string, pdf: Buffer, expected: { signatures: number; documentTimeStamps: number; level: PadesLevel }) {
    const subFilters = Array.from({ length: expected.signatures }, () => ['ETSI.CAdES.detached', ...(expected.documentTimeStamps ? ['ETSI.RFC3161'] : [])]).flat();
    const report = expectVerifiedEverywhere(path.basename(file), pdf, { subFilters, nssDir: pki.nssDatabase(), caFile: pki.root.pemFile, dir, lastCoversFile: expected.level !== 'B-LT' });
    if (expected.level === 'B-LT') {
      // A B-LT signature is followed by its DSS update, which nothing signs: pdfsig cannot call it total.
      const last = embeddedSignatures(pdf).at(-1)!.byteRange;
      expect(pdf.subarray(last[2] + last[3]).toString('latin1')).toContain('/Type/DSS');
    }
    return report;
  }

  const LEVELS: PadesLevel[] = ['B-B', 'B-T', 'B-LT', 'B-LTA'];

  it.each(LEVELS)('%s: one signature', async (level) => {
    const signed = await sign(await plainPdf(2), signers[0], level);
    const report = verify(path.join(dir, `one-${level}.pdf`), signed, { signatures: 1, documentTimeStamps: level === 'B-LTA' ? 1 : 0, level });
    expect(report[0].type).toBe('ETSI.CAdES.detached');
  });

  it.each(LEVELS)('%s: three signatures by three signers (ECDSA, RSA, ECDSA), each leaving the earlier ones valid', async (level) => {
    let pdf = await plainPdf(3);
    for (const [i, signer] of signers.entries()) {
      pdf = await sign(pdf, signer, level);
      verify(path.join(dir, `three-${level}-${i + 1}.pdf`), pdf, { signatures: i + 1, documentTimeStamps: level === 'B-LTA' ? i + 1 : 0, level });
    }
  });
});
