import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { toolIsAvailable } from '@theqa/testing';
import { signPdf, type SignPdfOptions } from '../src';
import { formPdf, plainPdf } from './support/inputs';
import { TestPki, type TestSigner } from './support/test-pki';
import { expectVerifiedEverywhere } from './support/verify-signed';

const tools = toolIsAvailable('pdfsig') && toolIsAvailable('certutil') && toolIsAvailable('openssl') && toolIsAvailable('qpdf');
const describeWithTools = tools ? describe : describe.skip;

/** Certification signatures (DocMDP) and field locks (FieldMDP): written as ISO 32000-2 says, accepted by pdfsig. */
describeWithTools('certification and field locks', () => {
  let pki: TestPki;
  let ministry: TestSigner;
  let citizen: TestSigner;
  let dir: string;

  beforeAll(() => {
    pki = new TestPki();
    ministry = pki.signer('ministry', 'Ministry Seal');
    citizen = pki.signer('citizen', 'Citizen Signer');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-pades-certify-'));
  });
  afterAll(() => {
    pki.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const sign = (pdf: Buffer, signer: TestSigner, options: Partial<SignPdfOptions> = {}) =>
    signPdf(pdf, { signer: signer.sign, certificate: signer.certificate, chain: signer.chain, level: 'B-T', timeStamp: pki.timeStamp, ...options });
  const verify = (name: string, pdf: Buffer, count: number) =>
    expectVerifiedEverywhere(name, pdf, { subFilters: Array(count).fill('ETSI.CAdES.detached'), nssDir: pki.nssDatabase(), caFile: pki.root.pemFile, dir });

  /** The signature dictionaries' /Reference entries and the catalog's /Perms, as pdf-lib reads them. */
  async function permissions(pdf: Buffer) {
    const text = (await PDFDocument.load(pdf)).catalog.toString();
    return { catalog: text, file: pdf.toString('latin1') };
  }

  it('a certification signature allowing form filling and signing (P 2), then a citizen signs: both valid', async () => {
    const certified = await sign(await formPdf(), ministry, { certify: 2, reason: 'Issued by the ministry' });
    verify('certified.pdf', certified, 1);
    const { catalog, file } = await permissions(certified);
    expect(catalog).toMatch(/\/Perms <<\s*\/DocMDP \d+ 0 R/);
    expect(file).toMatch(/\/Reference\[<<\/Type\/SigRef\/TransformMethod\/DocMDP\/TransformParams<<\/Type\/TransformParams\/P 2\/V\/1\.2>>>>\]/);
    const countersigned = await sign(certified, citizen, { field: 'ApproverSignature' });
    const report = verify('certified-countersigned.pdf', countersigned, 2);
    expect(report[0].text).toContain('Ministry Seal');
    expect(report[1].text).toContain('Signature Field Name: ApproverSignature');
  });

  it('a document certified with no changes allowed (P 1) is refused any further signature', async () => {
    const certified = await sign(await plainPdf(1), ministry, { certify: 1 });
    verify('certified-p1.pdf', certified, 1);
    await expect(sign(certified, citizen)).rejects.toMatchObject({ name: 'PdfError', code: 'pdf-certified-no-changes' });
  });

  it('certification must be the first signature', async () => {
    const signed = await sign(await plainPdf(1), citizen);
    await expect(sign(signed, ministry, { certify: 2 })).rejects.toMatchObject({ code: 'pdf-certification-not-first' });
  });

  it('a signature that locks some fields (FieldMDP Include): the lock in the field and the reference in the signature', async () => {
    const signed = await sign(await formPdf(), citizen, { field: 'ApproverSignature', lock: { action: 'Include', fields: ['applicant.name', 'region'] } });
    verify('locked.pdf', signed, 1);
    const all = signed.toString('latin1');
    expect(all).toMatch(/\/Lock<<\/Type\/SigFieldLock\/Action\/Include\/Fields\[\(applicant\.name\) \(region\)\]>>/);
    expect(all).toMatch(/\/TransformMethod\/FieldMDP\/TransformParams<<\/Type\/TransformParams\/Action\/Include\/Fields\[\(applicant\.name\) \(region\)\]\/V\/1\.2>>\/Data \d+ 0 R/);
  });

  it('a new field that locks all fields once signed (FieldMDP All)', async () => {
    const signed = await sign(await formPdf(), citizen, { lock: { action: 'All' } });
    verify('locked-all.pdf', signed, 1);
    expect(signed.toString('latin1')).toMatch(/\/TransformMethod\/FieldMDP\/TransformParams<<\/Type\/TransformParams\/Action\/All\/V\/1\.2>>/);
  });
});
