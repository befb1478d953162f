import { children, content, expectTag, readRoot, whole, type Tlv } from '../der/der-reader';
import { Tag } from '../der/der-writer';

/** The fields of an encoded certificate that the CA needs back (its own certificates, stored in the database). */
export interface CertificateFields {
  serial: Buffer;
  issuerDer: Buffer;
  subjectDer: Buffer;
  notBefore: Date;
  notAfter: Date;
  spki: Buffer;
}

function readTime(buf: Buffer, item: Tlv): Date {
  const text = content(buf, item).toString('latin1');
  const full = item.tag === Tag.UTC_TIME ? `${Number(text.slice(0, 2)) >= 50 ? '19' : '20'}${text}` : text;
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(full) ?? [];
  if (!y) throw new Error(`unsupported time ${text}`);
  return new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
}

export function readCertificateFields(der: Buffer): CertificateFields {
  const [tbs] = children(der, expectTag(readRoot(der), Tag.SEQUENCE, 'Certificate'));
  const fields = children(der, expectTag(tbs, Tag.SEQUENCE, 'TBSCertificate'));
  const offset = fields[0].tag === 0xa0 ? 1 : 0;
  const [serial, , issuer, validity, subject, spki] = fields.slice(offset);
  const [notBefore, notAfter] = children(der, validity);
  return {
    serial: content(der, expectTag(serial, Tag.INTEGER, 'serial')),
    issuerDer: whole(der, issuer),
    subjectDer: whole(der, subject),
    notBefore: readTime(der, notBefore),
    notAfter: readTime(der, notAfter),
    spki: whole(der, spki),
  };
}

export function toPem(der: Buffer, label = 'CERTIFICATE'): string {
  // Sliced by hand: a /.{1,64}/g match and a join cost several times more (every issuance answer is one).
  const base64 = der.toString('base64');
  let body = '';
  for (let at = 0; at < base64.length; at += 64) body += `${base64.slice(at, at + 64)}\n`;
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}
