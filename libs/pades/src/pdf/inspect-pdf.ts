/**
 * What a service checks of an uploaded PDF before it keeps it: that it opens (a broken file, or one
 * that needs a user password, is refused with its PdfError), its page count, whether it is encrypted,
 * and how many signature fields are signed already. Reads the trailer, catalog, page tree root and form.
 */
import { malformed } from '../errors';
import { PdfDict } from './objects';
import { PdfDocument } from './pdf-document';

export interface PdfSummary {
  version: string;
  pages: number;
  encrypted: boolean;
  /** Signature fields with a value (signatures and document time-stamps). */
  signatures: number;
}

export function inspectPdf(pdf: Buffer): PdfSummary {
  const document = PdfDocument.open(pdf);
  const pages = document.resolveDict(document.catalog.get('Pages'));
  const count = pages?.get('Count');
  if (!pages || typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw malformed('the document has no pages');
  return { version: document.version, pages: count, encrypted: document.cipher !== undefined, signatures: signedFields(document) };
}

function signedFields(document: PdfDocument): number {
  const form = document.resolveDict(document.catalog.get('AcroForm'));
  let signed = 0;
  const seen = new Set<unknown>();
  const visit = (kids: unknown, depth: number) => {
    for (const kid of document.resolveArray(kids as never) ?? []) {
      const field = document.resolveDict(kid);
      if (!field || seen.has(field) || depth > 32) continue;
      seen.add(field);
      if (field.nameOf('FT') === 'Sig' && document.resolve(field.get('V')) instanceof PdfDict) signed++;
      visit(field.get('Kids'), depth + 1);
    }
  };
  visit(form?.get('Fields'), 0);
  return signed;
}
