import { createHash } from 'node:crypto';
import { toolIsAvailable } from '@theqa/testing';
import { PdfError, formatValidationReport, validatePdf, type PadesLevel, type SignatureValidation, type ValidationOptions, type ValidationReport } from '../../src';
import { plainPdf } from '../support/inputs';
import { TestPki, type TestSigner } from '../support/test-pki';
import { formPdf } from './support/form-input';
import { signedNamingAnotherCertificate } from './support/forged-signature';
import { signWith } from './support/signed-inputs';
import { addPaintingAnnotation, addUnsignedSignatureField, edited, replacePageContent, setFieldValue } from './support/tamper';

const describeWithOpenssl = toolIsAvailable('openssl') ? describe : describe.skip;
jest.setTimeout(120_000);

/**
 * The acceptance list of issue 12's validation service, on files signed by this library with an
 * openssl test PKI and tampered with by hand-written incremental updates and byte edits.
 */
describeWithOpenssl('validatePdf', () => {
  let pki: TestPki;
  let alice: TestSigner;
  let bob: TestSigner;
  let carol: TestSigner;
  let input: Buffer;
  let signedBB: Buffer;
  let options: ValidationOptions;

  beforeAll(async () => {
    pki = new TestPki();
    alice = pki.signer('alice', 'Alice Citizen');
    bob = pki.signer('bob', 'Bob Citizen', 'rsa-2048');
    carol = pki.signer('carol', 'Carol Citizen');
    input = await plainPdf(2);
    signedBB = await signWith(pki, alice, 'B-B')(input);
    // B-B and B-T files carry no revocation data: the platform's responder is asked, as the service would.
    options = { trustAnchors: [pki.root.der], revocation: async ({ certificate }) => ({ ocspResponses: [pki.ocsp(certificate)] }) };
  });
  afterAll(() => pki.remove());

  const only = (report: ValidationReport): SignatureValidation => {
    expect(report.signatures).toHaveLength(1);
    return report.signatures[0];
  };
  const codes = (signature: SignatureValidation) => signature.failures.map((item) => item.code);

  describe('valid files: TOTAL_PASSED', () => {
    it.each<PadesLevel>(['B-B', 'B-T', 'B-LT', 'B-LTA'])('%s, one signature, at its level', async (level) => {
      const pdf = await signWith(pki, alice, level)(input);
      const report = await validatePdf(pdf, level === 'B-LT' || level === 'B-LTA' ? { trustAnchors: [pki.root.der] } : options);
      const signatures = report.signatures.filter((item) => item.kind === 'signature');
      expect(signatures).toHaveLength(1);
      const [signature] = signatures;
      expect({ indication: signature.indication, failures: signature.failures, level: signature.level }).toEqual({ indication: 'TOTAL_PASSED', failures: [], level });
      expect(signature.signer).toMatchObject({ commonName: 'Alice Citizen', serialNumber: expect.stringMatching(/^[0-9a-f]+$/) });
      expect(signature.chain.map((link) => link.commonName)).toEqual(['Alice Citizen', 'Theqa Test Signing CA', 'Theqa Test Root CA']);
      expect(signature.revocation).toMatchObject({ status: 'good', source: level === 'B-LT' || level === 'B-LTA' ? 'dss' : 'fetched' });
      if (level !== 'B-B') expect(signature.timeStamp).toMatchObject({ valid: true, trusted: true, time: expect.any(Date) });
      else expect(signature.timeStamp).toBeUndefined();
      expect(signature.changes?.notAllowed).toEqual([]);
      if (level === 'B-LTA') {
        expect(report.signatures.at(-1)).toMatchObject({ kind: 'document-time-stamp', indication: 'TOTAL_PASSED', coversWholeDocument: true });
        expect(signature.changes?.allowed.map((change) => change.kind)).toEqual(expect.arrayContaining(['validation-data', 'document-time-stamp']));
      }
      expect(report.indication).toBe('TOTAL_PASSED');
      expect(report.documentSha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    });

    it.each<PadesLevel>(['B-T', 'B-LTA'])('%s, three signatures (ECDSA, RSA, ECDSA), each leaving the earlier ones valid', async (level) => {
      let pdf = input;
      for (const signer of [alice, bob, carol]) pdf = await signWith(pki, signer, level)(pdf);
      const report = await validatePdf(pdf, options);
      const signatures = report.signatures.filter((item) => item.kind === 'signature');
      expect(signatures.map((item) => [item.fieldName, item.signer?.commonName, item.indication])).toEqual([
        ['Signature1', 'Alice Citizen', 'TOTAL_PASSED'],
        ['Signature2', 'Bob Citizen', 'TOTAL_PASSED'],
        ['Signature3', 'Carol Citizen', 'TOTAL_PASSED'],
      ]);
      expect(signatures[0].changes?.allowed.map((change) => change.kind)).toContain('signature');
      expect(signatures.at(-1)!.level).toBe(level);
      expect(report.indication).toBe('TOTAL_PASSED');
    });

    it('a certification (DocMDP 2) followed by a countersignature; DocMDP 3 also allows an annotation', async () => {
      const certified = await signWith(pki, alice, 'B-B', { certify: 2 })(input);
      const countersigned = await signWith(pki, bob, 'B-B')(certified);
      const report = await validatePdf(countersigned, options);
      expect(report.signatures.map((item) => item.indication)).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED']);
      expect(report.signatures[0].changes?.allowed.map((change) => change.kind)).toContain('signature');
      const annotated = only(await validatePdf(addPaintingAnnotation(certified), options));
      expect(annotated.indication).toBe('TOTAL_FAILED');
      const permissive = only(await validatePdf(addPaintingAnnotation(await signWith(pki, alice, 'B-B', { certify: 3 })(input)), options));
      expect(permissive.indication).toBe('TOTAL_PASSED');
      expect(permissive.changes?.allowed).toEqual([expect.objectContaining({ kind: 'annotation', detail: '/Square' })]);
    });

    it('an empty form field filled in after signing is allowed form filling', async () => {
      const signed = await signWith(pki, alice, 'B-B')(await formPdf());
      const report = await validatePdf(setFieldValue(signed, 'remarks', 'Seen'), options);
      const signature = only(report);
      expect(signature.indication).toBe('TOTAL_PASSED');
      expect(signature.changes?.allowed).toEqual([expect.objectContaining({ kind: 'form-filling', field: 'remarks' })]);
    });
  });

  describe('TOTAL_FAILED, with the reason', () => {
    it('a byte flipped inside the signed range', async () => {
      const at = signedBB.indexOf('Theqa test document') >= 0 ? signedBB.indexOf('Theqa test document') : signedBB.indexOf('/Producer');
      expect(at).toBeGreaterThan(0);
      const pdf = edited(signedBB, (copy) => (copy[at + 1] ^= 0x01));
      const signature = only(await validatePdf(pdf, options));
      expect([signature.indication, signature.subIndication]).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
      expect(codes(signature)).toContain('digest-mismatch');
    });

    it('page content changed in an update appended after signing', async () => {
      const signature = only(await validatePdf(replacePageContent(signedBB), options));
      expect([signature.indication, signature.subIndication]).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
      expect(codes(signature)).toEqual(['modified-after-signing']);
      expect(signature.changes?.notAllowed).toEqual([expect.objectContaining({ kind: 'page-content', detail: expect.stringContaining('Contents') })]);
    });

    it('an annotation added after signing that paints over the page', async () => {
      const signature = only(await validatePdf(addPaintingAnnotation(signedBB), options));
      expect(signature.indication).toBe('TOTAL_FAILED');
      expect(codes(signature)).toEqual(['modified-after-signing']);
      expect(signature.changes?.notAllowed).toEqual([expect.objectContaining({ kind: 'annotation', detail: '/Square annotation added' })]);
    });

    it('a filled form field\'s value changed after signing', async () => {
      const signed = await signWith(pki, alice, 'B-B')(await formPdf());
      expect(only(await validatePdf(signed, options)).indication).toBe('TOTAL_PASSED');
      const signature = only(await validatePdf(setFieldValue(signed, 'applicant', 'Mallory'), options));
      expect(signature.indication).toBe('TOTAL_FAILED');
      expect(signature.changes?.notAllowed).toEqual([expect.objectContaining({ kind: 'field-value', field: 'applicant' })]);
    });

    it('a field locked by the signature changed after signing', async () => {
      const signed = await signWith(pki, alice, 'B-B', { lock: { action: 'Include', fields: ['remarks'] } })(await formPdf());
      const signature = only(await validatePdf(setFieldValue(signed, 'remarks', 'Changed'), options));
      expect(signature.indication).toBe('TOTAL_FAILED');
      expect(signature.changes?.notAllowed).toEqual([expect.objectContaining({ kind: 'locked-field', field: 'remarks' })]);
    });

    it('zeroed /Contents', async () => {
      const [, start, end] = byteRangeOf(signedBB);
      const pdf = edited(signedBB, (copy) => copy.fill('0', start + 1, end - 1, 'latin1'));
      const signature = only(await validatePdf(pdf, options));
      expect([signature.indication, signature.subIndication, codes(signature)]).toEqual(['TOTAL_FAILED', 'FORMAT_FAILURE', ['contents-empty']]);
    });

    it.each([
      ['does not start at 0', ([a, b, c, d]: number[]) => [a + 1, b - 1, c, d], /starts at 1, not 0/],
      ['leaves a gap other than /Contents', ([a, b, c, d]: number[]) => [a, b - 10, c, d], /is not exactly the \/Contents hex string/],
      ['does not end at the end of a revision', ([a, b, c, d]: number[]) => [a, b, c, d - 20], /not at the end of a revision/],
    ])('a ByteRange that %s', async (_, change, reason) => {
      const original = byteRangeOf(signedBB);
      const pdf = withByteRange(signedBB, change(original));
      const signature = only(await validatePdf(pdf, options));
      expect([signature.indication, signature.subIndication]).toEqual(['TOTAL_FAILED', 'FORMAT_FAILURE']);
      expect(signature.failures).toEqual([expect.objectContaining({ code: 'byte-range-invalid', message: { ar: expect.any(String), en: expect.stringMatching(reason) } })]);
    });

    it('a signing-certificate-v2 naming another certificate than the one that verifies', async () => {
      const pdf = await signedNamingAnotherCertificate(input, bob, alice);
      const signature = only(await validatePdf(pdf, options));
      expect(signature.signer?.commonName).toBe('Alice Citizen');
      expect([signature.indication, signature.subIndication]).toEqual(['TOTAL_FAILED', 'SIG_CRYPTO_FAILURE']);
      expect(codes(signature)).toEqual(['signing-certificate-mismatch']);
      // The same construction naming the right certificate passes: the failure is the binding alone.
      const honest = only(await validatePdf(await signedNamingAnotherCertificate(input, alice, alice), options));
      expect(honest.indication).toBe('TOTAL_PASSED');
    });
  });

  describe('INDETERMINATE', () => {
    it('an unknown trust anchor', async () => {
      const elsewhere = new TestPki('Elsewhere');
      try {
        const signature = only(await validatePdf(signedBB, { ...options, trustAnchors: [elsewhere.root.der] }));
        expect([signature.indication, signature.subIndication]).toEqual(['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND']);
        // The same file with the platform's root given as an extra anchor is trusted again.
        const again = only(await validatePdf(signedBB, { ...options, trustAnchors: [elsewhere.root.der], extraAnchors: [pki.root.der] }));
        expect(again.indication).toBe('TOTAL_PASSED');
      } finally {
        elsewhere.remove();
      }
    });

    it('an unsigned signature field added after signing that covers the page', async () => {
      const signature = only(await validatePdf(addUnsignedSignatureField(signedBB), options));
      expect([signature.indication, signature.subIndication]).toEqual(['INDETERMINATE', 'SIG_CONSTRAINTS_FAILURE']);
      expect(signature.changes?.suspicious).toEqual([expect.objectContaining({ kind: 'unsigned-signature-field', field: 'Overlay' })]);
      expect(signature.changes?.notAllowed).toEqual([]);
    });

    it('no revocation status to be had (B-B without a responder): TRY_LATER', async () => {
      const signature = only(await validatePdf(signedBB, { trustAnchors: [pki.root.der] }));
      expect([signature.indication, signature.subIndication, signature.revocation?.status]).toEqual(['INDETERMINATE', 'TRY_LATER', 'unknown']);
    });
  });

  describe('malformed input', () => {
    it('a file that is no PDF is a PdfError, not a report', async () => {
      await expect(validatePdf(Buffer.from('hello'), options)).rejects.toBeInstanceOf(PdfError);
    });

    it('garbage in /Contents is a clear failure of that signature', async () => {
      const [, start] = byteRangeOf(signedBB);
      const pdf = edited(signedBB, (copy) => copy.write('3082ffff0102', start + 1, 'latin1'));
      const signature = only(await validatePdf(pdf, options));
      expect([signature.indication, signature.subIndication, codes(signature)]).toEqual(['TOTAL_FAILED', 'FORMAT_FAILURE', ['cms-malformed']]);
    });

    it('a document without signatures is INDETERMINATE with none listed', async () => {
      const report = await validatePdf(input, options);
      expect([report.indication, report.signatures]).toEqual(['INDETERMINATE', []]);
    });
  });

  it('formats the report in Arabic and in English', async () => {
    const report = await validatePdf(replacePageContent(signedBB), options);
    const en = formatValidationReport(report, 'en').join('\n');
    const ar = formatValidationReport(report, 'ar').join('\n');
    expect(en).toContain('Signature 1 — Field: Signature1');
    expect(en).toContain('Result: invalid (TOTAL_FAILED) / HASH_FAILURE');
    expect(en).toContain('Signer: Alice Citizen');
    expect(en).toContain('page content changed');
    expect(ar).toContain('التوقيع 1 — الحقل: Signature1');
    expect(ar).toContain('غير صالح (TOTAL_FAILED)');
    expect(ar).toContain('تغيير محتوى صفحة');
  });
});

function byteRangeOf(pdf: Buffer): number[] {
  const text = pdf.toString('latin1');
  const match = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text);
  if (!match) throw new Error('no ByteRange');
  return match.slice(1, 5).map(Number);
}

/** Rewrites the (space-padded) ByteRange in place, keeping its width. */
function withByteRange(pdf: Buffer, byteRange: number[]): Buffer {
  const text = pdf.toString('latin1');
  const match = /\/ByteRange\s*(\[[^\]]*\][ ]*)/.exec(text)!;
  const start = match.index + match[0].length - match[1].length;
  const replacement = `[${byteRange.join(' ')}]`.padEnd(match[1].length, ' ');
  expect(replacement.length).toBe(match[1].length);
  return edited(pdf, (copy) => copy.write(replacement, start, 'latin1'));
}
