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
  expect(report.signatures).toHaveLength(embedded.length);
  report.signatures.forEach((signature, i) => {
    if (embedded[i].subFilter === 'ETSI.RFC3161') {
      // In an encrypted file poppler decrypts a /DocTimeStamp's /Contents, which ISO 32000-2 §7.6.2
      // leaves in clear (as for /Sig): it cannot even name the TSA there. openssl checks it below.
      if (!expected.password) expect(signature.text).toMatch(/Signer Certificate Common Name: .*Time-Stamping Unit/);
    } else {
      expect({ index: signature.index, valid: signature.signatureValid, trusted: signature.certificateTrusted }).toEqual({ index: signature.index, valid: true, trusted: true });
    }
  });
  expect(report.signatures.at(-1)?.totalDocumentSigned).toBe(expected.lastCoversFile ?? true);
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
  return report.signatures;
}
