/** Every check an independent verifier can make of a signed file, as Jest expectations. */
import fs from 'node:fs';
import path from 'node:path';
import { embeddedSignatures, opensslCmsVerify, opensslTimeStampVerify, pdfsig, qpdfCheck, type PdfsigSignature } from './verifiers';

export interface SignedFileExpectations {
  /** The /SubFilter of each signature, in file order. */
  subFilters: string[];
  /** An NSS database trusting every root involved (pdfsig). */
  nssDir: string;
  /** A PEM file of every root involved (openssl). */
  caFile: string;
  /** Where to write the file and the verifiers' inputs. */
  dir: string;
  /** False when an unsigned update (a B-LT DSS) follows the last signature. */
  lastCoversFile?: boolean;
  /** For qpdf on encrypted files. */
  password?: string;
}

/**
 * pdfsig (NSS) must find every CAdES or PKCS#7 signature valid and its certificate trusted; pdfsig
 * 22.12 cannot validate document time-stamps (ETSI.RFC3161: "Unable to validate this type of
 * signature"), so for those `openssl ts -verify` checks the token over its ByteRange, as
 * `openssl cms -verify` checks every other signature over its own. qpdf --check must pass.
 */
export function expectVerifiedEverywhere(name: string, pdf: Buffer, expected: SignedFileExpectations): PdfsigSignature[] {
  const file = path.join(expected.dir, name);
  fs.writeFileSync(file, pdf);
  const embedded = embeddedSignatures(pdf);
  expect(embedded.map((signature) => signature.subFilter)).toEqual(expected.subFilters);
  const report = pdfsig(file, expected.nssDir);
  // pdfsig lists signatures in the form's field order, not the file's: they are matched by ByteRange.
  const listed = embedded.map((signature) => report.signatures.find((entry) => entry.byteRange?.join() === signature.byteRange.join()));
  expect(report.signatures).toHaveLength(embedded.length);
  listed.forEach((signature, i) => {
    expect({ signature: i, listed: signature !== undefined }).toEqual({ signature: i, listed: true });
    if (!signature) return;
    if (embedded[i].subFilter === 'ETSI.RFC3161') {
      // In an encrypted file poppler decrypts a /DocTimeStamp's /Contents, which ISO 32000-2 §7.6.2
      // leaves in clear (as for /Sig): it cannot even name the TSA there. openssl checks it below.
      if (!expected.password) expect(signature.text).toMatch(/Signer Certificate Common Name: .*Time-Stamping Unit/);
    } else {
      expect({ signature: i, valid: signature.signatureValid, trusted: signature.certificateTrusted }).toEqual({ signature: i, valid: true, trusted: true });
    }
    const coversFile = embedded[i].byteRange[2] + embedded[i].byteRange[3] === pdf.length;
    expect({ signature: i, total: signature.totalDocumentSigned }).toEqual({ signature: i, total: coversFile });
  });
  // The newest signature covers the whole file unless an unsigned update (a B-LT DSS) follows it.
  const newest = embedded.at(-1)!.byteRange;
  expect(newest[2] + newest[3] === pdf.length).toBe(expected.lastCoversFile ?? true);
  embedded.forEach((signature, i) => {
    expect(signature.byteRange[0]).toBe(0);
    const isTimeStamp = signature.subFilter === 'ETSI.RFC3161';
    const label = `${name}-${i}`;
    const result = isTimeStamp ? opensslTimeStampVerify(signature, expected.dir, expected.caFile, label) : opensslCmsVerify(signature, expected.dir, expected.caFile, label);
    expect({ signature: i, output: result.output }).toEqual({ signature: i, output: expect.stringMatching(isTimeStamp ? /^Verification: OK$/m : /^CMS Verification successful$/m) });
    expect(result.status).toBe(0);
  });
  const check = qpdfCheck(file, expected.password);
  expect(check.output).toMatch(/No syntax or stream encoding errors found/);
  expect(check.status).toBe(0);
  return listed.filter((signature): signature is PdfsigSignature => signature !== undefined);
}
