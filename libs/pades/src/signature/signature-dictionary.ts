/**
 * The signature dictionary (ISO 32000-2 §12.8.1; ETSI EN 319 142-1 §5.3): /Filter Adobe.PPKLite,
 * /SubFilter ETSI.CAdES.detached (or ETSI.RFC3161 for a document time-stamp), the /ByteRange and
 * /Contents placeholders, and the signing time in /M (the CMS carries no signing-time attribute).
 */
import { PdfDict, dict, name, type PdfObject } from '../pdf/objects';
import { pdfDate, textString } from '../pdf/text-string';
import { ByteRangePlaceholder, ContentsPlaceholder } from '../writer/placeholders';

export interface SignatureDetails {
  signingTime: Date;
  reason?: string;
  location?: string;
  /** The signer's name, for readers that show it without parsing the certificate. */
  name?: string;
  contactInfo?: string;
}

export function signatureDictionary(contentsSize: number, details: SignatureDetails): PdfDict {
  return dict({
    Type: name('Sig'),
    Filter: name('Adobe.PPKLite'),
    SubFilter: name('ETSI.CAdES.detached'),
    ...placeholders(contentsSize),
    M: pdfDate(details.signingTime),
    Name: details.name ? textString(details.name) : undefined,
    Reason: details.reason ? textString(details.reason) : undefined,
    Location: details.location ? textString(details.location) : undefined,
    ContactInfo: details.contactInfo ? textString(details.contactInfo) : undefined,
  });
}

export function documentTimeStampDictionary(contentsSize: number): PdfDict {
  return dict({
    Type: name('DocTimeStamp'),
    Filter: name('Adobe.PPKLite'),
    SubFilter: name('ETSI.RFC3161'),
    ...placeholders(contentsSize),
  });
}

function placeholders(contentsSize: number): Record<string, PdfObject> {
  // The serializer writes these two at a fixed width and reports where; they are no PDF objects yet.
  return {
    ByteRange: new ByteRangePlaceholder() as unknown as PdfObject,
    Contents: new ContentsPlaceholder(contentsSize) as unknown as PdfObject,
  };
}
