import { createHash, generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { toolIsAvailable } from '@theqa/testing';
import { complete, completeParts, joinSignedPdf, prepare, signedPdfSha256, signPdfParts, SigningError, type PreparedDocument } from '../src';
import { plainPdf } from './support/inputs';
import { runStatus } from './support/run';
import { TestPki, type TestSigner } from './support/test-pki';
import { embeddedSignatures, opensslCmsVerify } from './support/verifiers';

const tools = toolIsAvailable('openssl');
const describeWithTools = tools ? describe : describe.skip;

const OID = {
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha256: '2.16.840.1.101.3.4.2.1',
};

/** Two-phase signing: the prepared state travels as JSON, the signature is checked before anything is written. */
describeWithTools('prepare and complete', () => {
  let pki: TestPki;
  let alice: TestSigner;
  let rsa: TestSigner;
  let dir: string;
  let input: Buffer;

  beforeAll(async () => {
    pki = new TestPki();
    alice = pki.signer('alice', 'Alice Citizen');
    rsa = pki.signer('rita', 'Rita RSA', 'rsa-2048');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-pades-complete-'));
    input = await plainPdf(1);
  });
  afterAll(() => {
    pki.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The prepared state as a signing service would keep it: JSON in a database, the PDF beside it. */
  function throughJson(prepared: PreparedDocument): PreparedDocument {
    return { state: JSON.parse(JSON.stringify(prepared.state)), pdf: prepared.pdf };
  }

  function signerInfo(pdf: Buffer, index = 0): { signedData: pkijs.SignedData; info: pkijs.SignerInfo; der: Buffer } {
    const der = embeddedSignatures(pdf)[index].der;
    const signedData = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(new Uint8Array(der)).content });
    return { signedData, info: signedData.signerInfos[0], der };
  }

  it('the device signs the signed attributes; complete embeds a CMS OpenSSL verifies over the ByteRange', async () => {
    const prepared = prepare(input, { certificate: alice.certificate, chain: alice.chain, level: 'B-B', reason: 'Approval' });
    expect(prepared.digest).toEqual(createHash('sha256').update(prepared.signedAttributes).digest());
    const signature = await alice.sign(prepared.signedAttributes);
    const signed = await complete(throughJson(prepared.prepared), signature, alice.certificate);
    expect(signed.subarray(0, input.length).equals(input)).toBe(true);
    const [embedded] = embeddedSignatures(signed);
    expect(createHash('sha256').update(embedded.signedData).digest()).toEqual(prepared.documentDigest);
    const result = opensslCmsVerify(embedded, dir, pki.root.pemFile, 'two-phase');
    expect(result.output).toMatch(/CMS Verification successful/);
  });

  it('completeParts and signPdfParts give the signed file as the input, not copied, and its update: the same bytes as complete', async () => {
    const prepared = prepare(input, { certificate: alice.certificate, chain: alice.chain, level: 'B-B', signingTime: new Date('2026-12-01T10:00:00Z') });
    const signature = await alice.sign(prepared.signedAttributes);
    const parts = await completeParts(throughJson(prepared.prepared), signature, alice.certificate);
    expect(parts.parts[0]).toBe(input);
    expect(parts.length).toBe(parts.parts.reduce((sum, part) => sum + part.length, 0));
    const joined = joinSignedPdf(parts);
    expect(joined.equals(await complete(throughJson(prepared.prepared), signature, alice.certificate))).toBe(true);
    expect(signedPdfSha256(parts)).toEqual(createHash('sha256').update(joined).digest());

    const signedInParts = await signPdfParts(input, { certificate: alice.certificate, chain: alice.chain, level: 'B-B', signer: alice.sign });
    expect(signedInParts.parts[0]).toBe(input);
    const result = opensslCmsVerify(embeddedSignatures(joinSignedPdf(signedInParts))[0], dir, pki.root.pemFile, 'in-parts');
    expect(result.output).toMatch(/CMS Verification successful/);
  });

  it('CAdES signed attributes: content-type, message-digest, signing-certificate-v2 naming the signer, and no signing-time', async () => {
    const prepared = prepare(input, { certificate: alice.certificate, chain: alice.chain, level: 'B-B' });
    const signed = await complete(prepared.prepared, await alice.sign(prepared.signedAttributes), alice.certificate);
    const { signedData, info } = signerInfo(signed);
    const types = info.signedAttrs!.attributes.map((attribute) => attribute.type);
    expect(types.sort()).toEqual([OID.contentType, OID.messageDigest, OID.signingCertificateV2].sort());
    expect(types).not.toContain(OID.signingTime);
    expect(info.digestAlgorithm.algorithmId).toBe(OID.sha256);
    expect(info.signatureAlgorithm.algorithmId).toBe('1.2.840.10045.4.3.2');
    const essAttribute = info.signedAttrs!.attributes.find((attribute) => attribute.type === OID.signingCertificateV2)!;
    // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; ESSCertIDv2 ::= SEQUENCE { [sha256 by default], certHash, IssuerSerial }
    const certId = (essAttribute.values[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const [certHash, issuerSerial] = ((certId.valueBlock.value[0] as asn1js.Sequence).valueBlock.value as [asn1js.OctetString, asn1js.Sequence]);
    expect(Buffer.from(certHash.valueBlock.valueHexView)).toEqual(createHash('sha256').update(alice.certificate).digest());
    const leaf = pkijs.Certificate.fromBER(new Uint8Array(alice.certificate));
    const serial = issuerSerial.valueBlock.value[1] as asn1js.Integer;
    expect(Buffer.from(serial.valueBlock.valueHexView)).toEqual(Buffer.from(leaf.serialNumber.valueBlock.valueHexView));
    // The leaf and its chain are embedded (the root too, as given).
    expect(signedData.certificates).toHaveLength(3);
    expect(signed.toString('latin1')).toMatch(/\/M\(D:\d{14}\+00'00'\)/);
  });

  it('RSA keys sign with sha256WithRSAEncryption', async () => {
    const prepared = prepare(input, { certificate: rsa.certificate, chain: rsa.chain, level: 'B-B' });
    const signed = await complete(prepared.prepared, await rsa.sign(prepared.signedAttributes), rsa.certificate);
    expect(signerInfo(signed).info.signatureAlgorithm.algorithmId).toBe('1.2.840.113549.1.1.11');
    expect(opensslCmsVerify(embeddedSignatures(signed)[0], dir, pki.root.pemFile, 'rsa').output).toMatch(/CMS Verification successful/);
  });

  it('an ECDSA signature as r ‖ s (what WebCrypto and many tokens return) is converted to DER', async () => {
    const prepared = prepare(input, { certificate: alice.certificate, chain: alice.chain, level: 'B-B' });
    const p1363 = cryptoSign('sha256', prepared.signedAttributes, { key: alice.key, dsaEncoding: 'ieee-p1363' });
    expect(p1363).toHaveLength(64);
    const signed = await complete(prepared.prepared, p1363, alice.certificate);
    expect(opensslCmsVerify(embeddedSignatures(signed)[0], dir, pki.root.pemFile, 'p1363').output).toMatch(/CMS Verification successful/);
  });

  it('B-T: the signature time-stamp token is over the signature value and verifies with openssl ts', async () => {
    const prepared = prepare(input, { certificate: alice.certificate, chain: alice.chain, level: 'B-T' });
    const signed = await complete(prepared.prepared, await alice.sign(prepared.signedAttributes), alice.certificate, undefined, { timeStamp: pki.timeStamp });
    const { info } = signerInfo(signed);
    const attribute = info.unsignedAttrs!.attributes.find((a) => a.type === OID.signatureTimeStampToken)!;
    const token = Buffer.from(attribute.values[0].toBER(false));
    fs.writeFileSync(path.join(dir, 'signature.tst'), token);
    const signatureValue = Buffer.from(info.signature.valueBlock.valueHexView);
    const imprint = createHash('sha256').update(signatureValue).digest('hex');
    const result = runStatus('openssl', ['ts', '-verify', '-digest', imprint, '-token_in', '-in', 'signature.tst', '-CAfile', pki.root.pemFile], { cwd: dir });
    expect(result.output).toMatch(/^Verification: OK$/m);
  });

  it('B-LT: the DSS holds the certificates, the OCSP response for the signer and the root CRL, as issued', async () => {
    const prepared = prepare(input, { certificate: alice.certificate, chain: alice.chain, level: 'B-LT' });
    const signed = await complete(prepared.prepared, await alice.sign(prepared.signedAttributes), alice.certificate, undefined, { timeStamp: pki.timeStamp, revocation: pki.revocation });
    const document = await PDFDocument.load(signed);
    const dss = document.catalog.lookup(PDFName.of('DSS'), PDFDict);
    const streams = (key: string) =>
      dss.lookup(PDFName.of(key), PDFArray).asArray().map((ref) => Buffer.from((document.context.lookup(ref as PDFRef) as PDFRawStream).contents));
    const certificates = streams('Certs');
    for (const expected of [alice.certificate, pki.signingCa.der, pki.root.der, pki.tsa.der, pki.ocspResponder.der]) {
      expect(certificates.some((der) => der.equals(expected))).toBe(true);
    }
    const [ocsp] = streams('OCSPs');
    fs.writeFileSync(path.join(dir, 'dss.ocsp'), ocsp);
    const ocspText = runStatus('openssl', ['ocsp', '-respin', 'dss.ocsp', '-resp_text', '-noverify'], { cwd: dir }).output;
    expect(ocspText).toMatch(/Cert Status: good/);
    const [crl] = streams('CRLs');
    fs.writeFileSync(path.join(dir, 'dss.crl'), crl);
    expect(runStatus('openssl', ['crl', '-inform', 'DER', '-in', 'dss.crl', '-noout', '-issuer'], { cwd: dir }).output).toContain('Theqa Test Root CA');
  });

  describe('refuses, before writing anything', () => {
    let prepared: ReturnType<typeof prepare>;
    beforeAll(() => {
      prepared = prepare(input, { certificate: alice.certificate, chain: alice.chain, level: 'B-T' });
    });

    it('a signature made with another key (signature-invalid)', async () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const wrong = cryptoSign('sha256', prepared.signedAttributes, { key: privateKey, dsaEncoding: 'der' });
      await expect(complete(prepared.prepared, wrong, alice.certificate, undefined, { timeStamp: pki.timeStamp })).rejects.toMatchObject({ name: 'SigningError', code: 'signature-invalid' });
    });

    it('a signature over other bytes (signature-invalid)', async () => {
      const wrong = await alice.sign(Buffer.concat([prepared.signedAttributes, Buffer.from([0])]));
      await expect(complete(prepared.prepared, wrong, alice.certificate, undefined, { timeStamp: pki.timeStamp })).rejects.toMatchObject({ code: 'signature-invalid' });
    });

    it('garbage for a signature (signature-malformed)', async () => {
      await expect(complete(prepared.prepared, Buffer.from('not a signature'), alice.certificate, undefined, { timeStamp: pki.timeStamp })).rejects.toMatchObject({ code: 'signature-malformed' });
    });

    it('another certificate than the one prepared for (certificate-mismatch)', async () => {
      const signature = await rsa.sign(prepared.signedAttributes);
      await expect(complete(prepared.prepared, signature, rsa.certificate, undefined, { timeStamp: pki.timeStamp })).rejects.toMatchObject({ code: 'certificate-mismatch' });
    });

    it('another PDF than the one prepared (prepared-input-mismatch)', async () => {
      const signature = await alice.sign(prepared.signedAttributes);
      const other = Buffer.from(input);
      other[other.length - 20] ^= 1;
      await expect(complete({ ...prepared.prepared, pdf: other }, signature, alice.certificate, undefined, { timeStamp: pki.timeStamp })).rejects.toMatchObject({ code: 'prepared-input-mismatch' });
    });

    it('a tampered state (prepared-state-invalid)', async () => {
      const signature = await alice.sign(prepared.signedAttributes);
      const state = { ...prepared.prepared.state, byteRange: [0, 1, 2] };
      await expect(complete({ state: state as never, pdf: input }, signature, alice.certificate, undefined, { timeStamp: pki.timeStamp })).rejects.toBeInstanceOf(SigningError);
    });

    it('a state whose update carries bytes its byte range does not cover (prepared-state-invalid)', async () => {
      const signature = await alice.sign(prepared.signedAttributes);
      const update = Buffer.from(prepared.prepared.state.update, 'base64');
      const state = { ...prepared.prepared.state, update: Buffer.concat([update, Buffer.from('%%EOF\n')]).toString('base64') };
      await expect(complete({ state, pdf: input }, signature, alice.certificate, undefined, { timeStamp: pki.timeStamp })).rejects.toMatchObject({
        code: 'prepared-state-invalid',
        message: expect.stringMatching(/does not end where its update does/),
      });
    });

    it('B-T without a time-stamping function (time-stamp-missing), B-LT without revocation data (revocation-missing)', async () => {
      const signature = await alice.sign(prepared.signedAttributes);
      await expect(complete(prepared.prepared, signature, alice.certificate)).rejects.toMatchObject({ code: 'time-stamp-missing' });
      const lt = prepare(input, { certificate: alice.certificate, chain: alice.chain });
      expect(lt.prepared.state.level).toBe('B-LT');
      await expect(complete(lt.prepared, await alice.sign(lt.signedAttributes), alice.certificate, undefined, { timeStamp: pki.timeStamp })).rejects.toMatchObject({ code: 'revocation-missing' });
    });

    it('a time-stamp token over another imprint (time-stamp-malformed)', async () => {
      const signature = await alice.sign(prepared.signedAttributes);
      const elsewhere = () => pki.timeStamp(Buffer.alloc(32, 7));
      await expect(complete(prepared.prepared, signature, alice.certificate, undefined, { timeStamp: elsewhere })).rejects.toMatchObject({ code: 'time-stamp-malformed' });
    });

    it('a CMS that outgrows the reserved /Contents (signature-too-large), saying how much is needed', async () => {
      const small = prepare(input, { certificate: alice.certificate, chain: alice.chain, level: 'B-T', contentsSize: 1024 });
      const error = await complete(small.prepared, await alice.sign(small.signedAttributes), alice.certificate, undefined, { timeStamp: pki.timeStamp }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'signature-too-large', details: { reserved: 1024 } });
    });
  });
});

