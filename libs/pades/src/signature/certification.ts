/**
 * Certification signatures (§12.8.2.2, DocMDP): the first signature of a document may say which
 * later changes are allowed (/P 1: none; 2: form filling and signing; 3: also annotations). The
 * catalog's /Perms names it. A document certified with /P 1 is refused for any further signature.
 */
import { PdfError } from '../errors';
import { PdfDict, dict, name } from '../pdf/objects';
import type { PdfDocument } from '../pdf/pdf-document';

export type CertificationPermission = 1 | 2 | 3;

export function docMdpReference(permission: CertificationPermission): PdfDict {
  return dict({
    Type: name('SigRef'),
    TransformMethod: name('DocMDP'),
    TransformParams: dict({ Type: name('TransformParams'), P: permission, V: name('1.2') }),
  });
}

/** The /P of the document's certification signature, if it has one. */
export function certificationPermission(document: PdfDocument): CertificationPermission | undefined {
  const perms = document.resolveDict(document.catalog.get('Perms'));
  const signature = document.resolveDict(perms?.get('DocMDP'));
  if (!signature) return undefined;
  for (const item of document.resolveArray(signature.get('Reference')) ?? []) {
    const reference = document.resolveDict(item);
    if (reference?.nameOf('TransformMethod') !== 'DocMDP') continue;
    const p = document.resolveDict(reference.get('TransformParams'))?.get('P');
    return p === 1 || p === 3 ? p : 2;
  }
  return 2;
}

export function refuseWhenCertifiedWithoutChanges(document: PdfDocument): void {
  if (certificationPermission(document) === 1) {
    throw new PdfError('pdf-certified-no-changes', 'the document is certified with no changes allowed (DocMDP /P 1): another signature would invalidate it');
  }
}
