/** Text strings (§7.9.2.2) and dates (§7.9.4) for the signature dictionary's human-readable entries. */
import { PdfString } from './objects';

/** Printable ASCII as is (PDFDocEncoding agrees with it there); anything else as UTF-16BE with its BOM. */
export function textString(text: string): PdfString {
  if (/^[\x20-\x7e]*$/.test(text)) return PdfString.latin1(text);
  const utf16 = Buffer.from(text, 'utf16le');
  utf16.swap16();
  return new PdfString(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16]));
}

export function decodeTextString(value: PdfString): string {
  const bytes = value.bytes;
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const copy = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)));
    copy.swap16();
    return copy.toString('utf16le');
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return bytes.toString('latin1');
}

/** `D:YYYYMMDDHHmmSS+00'00'`, in UTC. */
export function pdfDate(date: Date): PdfString {
  const iso = date.toISOString();
  return PdfString.latin1(`D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}+00'00'`);
}
