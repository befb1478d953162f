/**
 * CRLs (RFC 5280 §5) as evidence of a certificate's status. A national CRL holds hundreds of
 * thousands of entries: it is walked entry by entry with the DER walker (asn1js would stop at 10,000
 * nodes) and only the serial number asked about is compared, byte for byte.
 */
import { verify } from 'node:crypto';
import { DerError, TAG, bitStringBytes, bytesOf, children, contentOf, contextConstructed, expect, forEachChild, isTime, oidOf, readDer, readRootDer, timeOf } from './der';
import type { Certificate } from './certificate';
import type { CertificateStatusEvidence } from './ocsp';
import { signatureHash } from './signature-algorithms';

/** The status a CRL gives for `certificate`, or undefined when it is not its issuer's, or does not verify. */
export function crlEvidence(der: Buffer, certificate: Certificate, issuer: Certificate): CertificateStatusEvidence | undefined {
  try {
    const [tbs, algorithm, signatureBits] = children(expect(readRootDer(der), TAG.sequence, 'CertificateList'));
    expect(tbs, TAG.sequence, 'TBSCertList');
    // The fields are read one by one: children(tbs) would walk the whole list of revoked certificates.
    let at = tbs.contentStart;
    const next = () => {
      const item = readDer(der, at, tbs.end);
      at = item.end;
      return item;
    };
    let field = next();
    if (field.tag === TAG.integer) field = next(); // version
    field = next(); // signature algorithm → issuer
    const issuerName = expect(field, TAG.sequence, 'issuer');
    if (!bytesOf(issuerName).equals(certificate.issuerDer) || !issuer.subjectDer.equals(certificate.issuerDer)) return undefined;
    const thisUpdate = timeOf(next());
    let nextUpdate: Date | undefined;
    let revokedAt: Date | undefined;
    if (at < tbs.end) {
      field = next();
      if (isTime(field)) {
        nextUpdate = timeOf(field);
        field = at < tbs.end ? next() : field;
      }
      if (field.tag === TAG.sequence) revokedAt = findSerial(field, certificate.serialNumber);
      else if (field.tag !== contextConstructed(0) && !isTime(field)) throw new DerError('unexpected field in a CRL');
    }
    const hash = signatureHash(oidOf(children(algorithm)[0]));
    if (!hash || !verify(hash, bytesOf(tbs), { key: issuer.publicKey, dsaEncoding: 'der' }, bitStringBytes(signatureBits))) return undefined;
    return revokedAt ? { status: 'revoked', revokedAt, thisUpdate, nextUpdate, issuedAt: thisUpdate } : { status: 'good', thisUpdate, nextUpdate, issuedAt: thisUpdate };
  } catch (error) {
    if (error instanceof DerError || error instanceof TypeError || error instanceof RangeError) return undefined;
    throw error;
  }
}

function findSerial(revoked: ReturnType<typeof readDer>, serialHex: string): Date | undefined {
  let found: Date | undefined;
  forEachChild(revoked, (entry) => {
    if (found) return;
    const serial = readDer(entry.buffer, entry.contentStart, entry.end);
    let bytes = contentOf(expect(serial, TAG.integer, 'userCertificate'));
    while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
    if (bytes.length * 2 === serialHex.length && bytes.toString('hex') === serialHex) found = timeOf(readDer(entry.buffer, serial.end, entry.end));
  });
  return found;
}
