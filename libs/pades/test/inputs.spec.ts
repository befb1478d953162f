import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import signpdf from '@signpdf/signpdf';
import { toolIsAvailable } from '@theqa/testing';
import { PdfError, signPdf, type PadesLevel, type SignPdfOptions } from '../src';
import { formPdf, plainPdf, qpdfVariant, withIncrementalUpdates } from './support/inputs';
import { TestPki, type TestSigner } from './support/test-pki';
import { nssDatabaseTrusting } from './support/verifiers';
import { expectVerifiedEverywhere } from './support/verify-signed';

const tools = toolIsAvailable('pdfsig') && toolIsAvailable('certutil') && toolIsAvailable('openssl') && toolIsAvailable('qpdf');
const describeWithTools = tools ? describe : describe.skip;

/** Files written by other tools, signed at B-LTA (signature, time-stamps, DSS: every kind of update). */
describeWithTools('signing PDFs made by other tools', () => {
  let pki: TestPki;
  let signer: TestSigner;
  let dir: string;
  let base: Buffer;

  beforeAll(async () => {
    pki = new TestPki();
    signer = pki.signer('alice', 'Alice Citizen');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-pades-inputs-'));
    base = await plainPdf(3);
  });
  afterAll(() => {
    pki.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const sign = (pdf: Buffer, options: Partial<SignPdfOptions> & { level?: PadesLevel } = {}) =>
    signPdf(pdf, { signer: signer.sign, certificate: signer.certificate, chain: signer.chain, level: 'B-LTA', timeStamp: pki.timeStamp, revocation: pki.revocation, ...options });
  const ours = ['ETSI.CAdES.detached', 'ETSI.RFC3161'];
  const verify = (name: string, pdf: Buffer, extra: { subFilters?: string[]; password?: string } = {}) =>
    expectVerifiedEverywhere(name, pdf, { subFilters: extra.subFilters ?? ours, nssDir: pki.nssDatabase(), caFile: pki.root.pemFile, dir, password: extra.password });

  it('cross-reference and object streams (qpdf --object-streams=generate): the updates close with cross-reference streams', async () => {
    const input = qpdfVariant(base, dir, 'object-streams', ['--object-streams=generate']);
    expect(input.toString('latin1')).toContain('/Type /ObjStm');
    const signed = await sign(input);
    verify('object-streams-signed.pdf', signed);
    const tail = signed.subarray(input.length).toString('latin1');
    expect(tail).toContain('/Type/XRef');
    expect(tail).not.toMatch(/^xref$/m);
  });

  it('a linearized file (qpdf --linearize)', async () => {
    const input = qpdfVariant(base, dir, 'linearized', ['--linearize']);
    expect(input.subarray(0, 1024).toString('latin1')).toContain('/Linearized');
    verify('linearized-signed.pdf', await sign(input));
  });

  it('a PDF 1.4 with a dozen incremental updates', async () => {
    const v14 = qpdfVariant(base, dir, 'v14', ['--force-version=1.4', '--object-streams=disable']);
    const input = withIncrementalUpdates(v14, 12);
    expect(input.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(input.toString('latin1').match(/%%EOF/g)).toHaveLength(13);
    const signed = await sign(input);
    verify('updated-signed.pdf', signed);
    // The latest revision's /Info is the one kept.
    const info = [...input.toString('latin1').matchAll(/\/Info (\d+) 0 R/g)].at(-1)![1];
    expect(signed.subarray(input.length).toString('latin1')).toContain(`/Info ${info} 0 R`);
    expect(Number(info)).toBeGreaterThan(12);
  });

  it.each([
    ['AES-256 (R6)', ['--encrypt', '', 'owner', '256', '--']],
    ['AES-128 (R4)', ['--encrypt', '', 'owner', '128', '--use-aes=y', '--']],
    ['RC4-128 (R3)', ['--allow-weak-crypto', '--encrypt', '', 'owner', '128', '--use-aes=n', '--']],
    ['RC4-40 (R2)', ['--allow-weak-crypto', '--encrypt', '', 'owner', '40', '--']],
  ])('an owner-password encrypted file, %s: new objects encrypted with the document key', async (label, args) => {
    const input = qpdfVariant(base, dir, `encrypted-${label.replace(/\W+/g, '')}`, args);
    expect(input.toString('latin1')).toContain('/Encrypt');
    const signed = await sign(input);
    verify(`encrypted-${label.replace(/\W+/g, '')}-signed.pdf`, signed, { password: 'owner' });
    // The signature dictionary's strings are encrypted: /M is no readable date in the update.
    expect(signed.subarray(input.length).toString('latin1')).not.toContain('(D:');
    // And the owner still opens it: qpdf decrypts every object, ours included, with the owner password.
    const check = qpdfVariant(signed, dir, `encrypted-${label.replace(/\W+/g, '')}-decrypted`, ['--password=owner', '--decrypt']);
    expect(check.toString('latin1')).toContain('/SubFilter /ETSI.CAdES.detached');
  });

  it('a file already signed by another tool (@signpdf, adbe.pkcs7.detached) under another PKI keeps its signature valid', async () => {
    const other = new TestPki('Other Org', 'rsa-2048');
    try {
      other.signer('bob', 'Bob Elsewhere', 'rsa-2048');
      const document = await PDFDocument.load(base);
      pdflibAddPlaceholder({ pdfDoc: document, reason: 'Issued', contactInfo: 'bob@example.org', name: 'Bob', location: 'Muscat' });
      const placeholder = Buffer.from(await document.save({ useObjectStreams: false }));
      const presigned = Buffer.from(await signpdf.sign(placeholder, new P12Signer(other.p12('bob'), { passphrase: '' })));
      const signed = await sign(presigned);
      const nssDir = nssDatabaseTrusting(path.join(dir, 'nss-both'), [pki.root.pemFile, other.root.pemFile]);
      const caFile = path.join(dir, 'both-roots.pem');
      fs.writeFileSync(caFile, Buffer.concat([fs.readFileSync(pki.root.pemFile), fs.readFileSync(other.root.pemFile)]));
      const report = expectVerifiedEverywhere('presigned-signed.pdf', signed, { subFilters: ['adbe.pkcs7.detached', ...ours], nssDir, caFile, dir });
      expect(report[0].text).toContain('Bob Elsewhere');
      expect(report[1].text).toContain('Alice Citizen');
    } finally {
      other.remove();
    }
  });

  it('a LibreOffice PDF with Arabic text and form fields (fixtures/arabic-form.pdf): fields and values kept', async () => {
    const input = fs.readFileSync(path.join(__dirname, 'fixtures', 'arabic-form.pdf'));
    // /Producer <FEFF…> is "LibreOffice 7.4" in UTF-16BE.
    expect(input.toString('latin1')).toContain('/Producer<FEFF004C0069006200720065004F0066006600690063006500200037002E0034>');
    const signed = await sign(input);
    verify('libreoffice-signed.pdf', signed);
    const form = (await PDFDocument.load(signed)).getForm();
    expect(form.getFields().map((field) => field.getName()).sort()).toEqual(['DocumentTimeStamp1', 'Signature1', 'agree', 'applicant_name']);
    expect(form.getTextField('applicant_name').getText()).toBe('سالم الحارثي');
    expect(form.getCheckBox('agree').isChecked()).toBe(true);
  });

  it('a form: its fields and values are kept, the new signature field is added beside them', async () => {
    const input = await formPdf();
    const signed = await sign(input);
    verify('form-signed.pdf', signed);
    const form = (await PDFDocument.load(signed)).getForm();
    const names = form.getFields().map((field) => field.getName());
    expect(names).toEqual(expect.arrayContaining(['applicant.name', 'agree', 'region', 'ApproverSignature', 'Signature1', 'DocumentTimeStamp1']));
    expect(names).toHaveLength(6);
    expect(form.getTextField('applicant.name').getText()).toBe('Salim Al-Harthy');
    expect(form.getCheckBox('agree').isChecked()).toBe(true);
    expect(form.getDropdown('region').getSelected()).toEqual(['Dhofar']);
  });

  it('signs into an existing empty signature field by name', async () => {
    const signed = await sign(await formPdf(), { field: 'ApproverSignature' });
    const report = verify('field-signed.pdf', signed);
    expect(report[0].text).toContain('Signature Field Name: ApproverSignature');
    const names = (await PDFDocument.load(signed)).getForm().getFields().map((field) => field.getName());
    expect(names.sort()).toEqual(['ApproverSignature', 'DocumentTimeStamp1', 'agree', 'applicant.name', 'region']);
    // Signing it again is refused: the field holds a signature now.
    await expect(sign(signed, { field: 'ApproverSignature' })).rejects.toMatchObject({ code: 'pdf-field-already-signed' });
    await expect(sign(signed, { field: 'applicant.name' })).rejects.toMatchObject({ code: 'pdf-field-not-signature' });
  });

  it('refuses a file that needs a user password, with pdf-encrypted-user-password', async () => {
    const input = qpdfVariant(base, dir, 'user-password', ['--encrypt', 'user', 'owner', '256', '--']);
    const error = await sign(input).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PdfError);
    expect(error).toMatchObject({ code: 'pdf-encrypted-user-password' });
  });

  it.each([
    ['not a PDF', () => Buffer.from('GIF89a this is an image'), 'pdf-not-a-pdf'],
    ['truncated before its cross-reference table', (pdf: Buffer) => pdf.subarray(0, Math.floor(pdf.length / 2)), 'pdf-malformed'],
    ['with a startxref pointing at nothing', (pdf: Buffer) => Buffer.from(pdf.toString('latin1').replace(/startxref\s+\d+/, 'startxref\n17'), 'latin1'), 'pdf-malformed'],
    ['with a trailer without /Root', (pdf: Buffer) => Buffer.from(pdf.toString('latin1').replace(/\/Root \d+ 0 R/, '/Xoot 1 0 R'), 'latin1'), 'pdf-malformed'],
  ])('refuses a broken file (%s) with a clear PdfError', async (_label, breakIt, code) => {
    const error = await sign(breakIt(base)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PdfError);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).not.toMatch(/undefined|TypeError/);
  });
});

