/**
 * The independent verifiers the signed files are put to: poppler's pdfsig (NSS), OpenSSL's CMS and
 * RFC 3161 verification over each signature's byte range, and qpdf's structural check.
 */
import fs, { writeFileSync } from 'node:fs';
import path from 'node:path';
import { run, runStatus } from './run';

export interface PdfsigSignature {
  index: number;
  text: string;
  signatureValid: boolean;
  certificateTrusted: boolean;
  totalDocumentSigned: boolean;
  type: string | undefined;
  /** The ByteRange as pdfsig read it. */
  byteRange: [number, number, number, number] | undefined;
}

/** pdfsig's report, one entry per signature, with the NSS database given. */
export function pdfsig(file: string, nssDir: string): { status: number | null; output: string; signatures: PdfsigSignature[] } {
  const { status, output } = runStatus('pdfsig', ['-nssdir', `sql:${nssDir}`, file]);
  const blocks = output.split(/^Signature #(\d+):$/m).slice(1);
  const signatures: PdfsigSignature[] = [];
  for (let i = 0; i < blocks.length; i += 2) {
    const text = blocks[i + 1];
    // pdfsig lists empty signature fields too; they are no signatures.
    if (/The signature form field is not signed\./.test(text)) continue;
    signatures.push({
      index: Number(blocks[i]),
      text,
      signatureValid: /Signature Validation: Signature is Valid\./.test(text),
      certificateTrusted: /Certificate Validation: Certificate is Trusted\./.test(text),
      totalDocumentSigned: /^\s*- Total document signed/m.test(text),
      type: /Signature Type: (\S+)/.exec(text)?.[1],
      byteRange: signedRanges(text),
    });
  }
  return { status, output, signatures };
}

/** "Signed Ranges: [0 - a], [b - c]" as a ByteRange. */
function signedRanges(text: string): [number, number, number, number] | undefined {
  const match = /Signed Ranges: \[(\d+) - (\d+)\], \[(\d+) - (\d+)\]/.exec(text);
  if (!match) return undefined;
  const [start, end1, start2, end2] = match.slice(1).map(Number);
  return [start, end1 - start, start2, end2 - start2];
}

export interface EmbeddedSignature {
  byteRange: [number, number, number, number];
  /** The DER in /Contents, without its zero padding. */
  der: Buffer;
  /** The bytes the ByteRange covers. */
  signedData: Buffer;
  /** The signature dictionary's /SubFilter. */
  subFilter: string | undefined;
}

/** Every signature's /ByteRange and /Contents, found in the file's bytes (as a verifier with no PDF parser would). */
export function embeddedSignatures(pdf: Buffer): EmbeddedSignature[] {
  const text = pdf.toString('latin1');
  const result: EmbeddedSignature[] = [];
  for (const match of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const byteRange = match.slice(1, 5).map(Number) as [number, number, number, number];
    const hex = text.slice(byteRange[1] + 1, byteRange[2] - 1);
    const der = derPrefix(Buffer.from(hex, 'hex'));
    const signedData = Buffer.concat([pdf.subarray(byteRange[0], byteRange[0] + byteRange[1]), pdf.subarray(byteRange[2], byteRange[2] + byteRange[3])]);
    const objectStart = text.lastIndexOf(' obj', match.index);
    const objectEnd = text.indexOf('endobj', byteRange[2]);
    const dictionary = text.slice(objectStart, byteRange[1]) + text.slice(byteRange[2], objectEnd);
    const subFilter = /\/SubFilter\s*\/([^\s/<>[\]()]+)/.exec(dictionary)?.[1];
    result.push({ byteRange, der, signedData, subFilter });
  }
  return result;
}

/** The DER element at the start of `bytes` (the rest is padding). */
function derPrefix(bytes: Buffer): Buffer {
  let length = bytes[1];
  let header = 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + bytes[2 + i];
    header = 2 + octets;
  }
  return bytes.subarray(0, header + length);
}

/** `openssl cms -verify` of a detached CAdES signature over its byte range, trusting `rootPem`. */
export function opensslCmsVerify(signature: EmbeddedSignature, dir: string, rootPem: string, name: string): { status: number | null; output: string } {
  const der = path.join(dir, `${name}.p7s`);
  const content = path.join(dir, `${name}.content`);
  writeFileSync(der, signature.der);
  writeFileSync(content, signature.signedData);
  return runStatus('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', der, '-content', content, '-CAfile', rootPem, '-purpose', 'any', '-out', '/dev/null']);
}

/** `openssl ts -verify` of a document time-stamp over its byte range. */
export function opensslTimeStampVerify(signature: EmbeddedSignature, dir: string, rootPem: string, name: string): { status: number | null; output: string } {
  const token = path.join(dir, `${name}.tst`);
  const content = path.join(dir, `${name}.content`);
  writeFileSync(token, signature.der);
  writeFileSync(content, signature.signedData);
  return runStatus('openssl', ['ts', '-verify', '-token_in', '-in', token, '-data', content, '-CAfile', rootPem]);
}

export function qpdfCheck(file: string, password?: string): { status: number | null; output: string } {
  return runStatus('qpdf', [...(password ? [`--password=${password}`] : []), '--check', file]);
}

/** An NSS database in `dir` (for pdfsig -nssdir) trusting each root PEM file as a CA. */
export function nssDatabaseTrusting(dir: string, rootPemFiles: string[]): string {
  fs.mkdirSync(dir, { recursive: true });
  run('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  rootPemFiles.forEach((file, i) => run('certutil', ['-A', '-d', `sql:${dir}`, '-n', `root-${i}`, '-t', 'CT,C,C', '-i', file]));
  return dir;
}
