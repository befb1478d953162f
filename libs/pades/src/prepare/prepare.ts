/**
 * Phase one of remote signing: the incremental update with the signature's field, widget and
 * dictionary (its /Contents still empty), the digest of its byte range, and the CMS signed attributes
 * the device or key store is to sign. Nothing here needs the private key.
 */
import { createHash } from 'node:crypto';
import { SigningError, PdfError } from '../errors';
import { readSignerCertificate, type SignerCertificate } from '../cms/signer-certificate';
import { signedAttributes } from '../cms/signed-attributes';
import { currentAcroForm } from '../form/acroform';
import { formFields } from '../form/fields';
import { DEFAULT_TIME_STAMP_SIZE } from '../levels/document-time-stamp';
import { DEFAULT_LEVEL, isPadesLevel, type PadesLevel } from '../levels/level';
import { PdfDict, PdfRef, type PdfObject } from '../pdf/objects';
import { PdfDocument } from '../pdf/pdf-document';
import { docMdpReference, refuseWhenCertifiedWithoutChanges } from '../signature/certification';
import { fieldMdpReference } from '../signature/field-lock';
import { signatureDictionary } from '../signature/signature-dictionary';
import { placeSignatureField, type PlacedField } from '../signature/signature-field';
import { writeSignatureUpdate, type SignatureUpdate } from '../signature/signature-update';
import { IncrementalUpdate } from '../writer/incremental-update';
import { contentsSizeFor } from './contents-size';
import type { PrepareOptions } from './prepare-options';
import { encodePreparedState, type PreparedDocument } from './prepared-state';
import type { PreparedSignatureParts } from './prepared-signature';

export interface PrepareResult {
  /** The state to keep until `complete` (JSON-safe), with the input PDF. */
  prepared: PreparedDocument;
  /** DER of the CMS signed attributes: what the signer signs. */
  signedAttributes: Buffer;
  /** SHA-256 of the signed attributes: what a signer that signs a digest signs. */
  digest: Buffer;
  /** SHA-256 of the document's signed byte range. */
  documentDigest: Buffer;
}

interface PrepareContext {
  pdf: Buffer;
  options: PrepareOptions;
  level: PadesLevel;
  signingTime: Date;
  signer: SignerCertificate;
  chain: Buffer[];
  document: PdfDocument;
  update: IncrementalUpdate;
  signature: PdfRef;
  signatureDict: PdfDict;
  field: PlacedField;
  written: SignatureUpdate;
  signedAttributes: Buffer;
}

type Step = (context: PrepareContext) => void;

/** The steps, in order; each reads what the ones before it left in the context. */
const STEPS: Step[] = [
  checkOptions,
  readSigner,
  openDocument,
  refuseUnsignableDocument,
  createSignatureDictionary,
  placeField,
  certifyDocument,
  lockFields,
  writeUpdate,
  buildSignedAttributes,
];

export function prepare(pdf: Buffer, options: PrepareOptions): PrepareResult {
  const parts = prepareSignature(pdf, options);
  return {
    prepared: { pdf, state: encodePreparedState(parts, pdf) },
    signedAttributes: parts.signedAttributes,
    digest: createHash('sha256').update(parts.signedAttributes).digest(),
    documentDigest: parts.documentDigest,
  };
}

/** Phase one as it is in memory, for `prepare` to encode and for `signPdf` to complete at once. */
export function prepareSignature(pdf: Buffer, options: PrepareOptions): PreparedSignatureParts {
  const context = { pdf, options } as PrepareContext;
  for (const step of STEPS) step(context);
  const { written } = context;
  return {
    level: context.level,
    signingTime: context.signingTime,
    update: written.bytes,
    updateStart: written.start,
    byteRange: written.byteRange,
    contents: written.contents,
    documentDigest: written.documentDigest,
    signedAttributes: context.signedAttributes,
    certificateSha256: context.signer.sha256,
    chain: context.chain,
    timeStampSize: options.timeStampSize ?? DEFAULT_TIME_STAMP_SIZE,
  };
}

function checkOptions(context: PrepareContext): void {
  const { options } = context;
  const invalid = (why: string) => new SigningError('options-invalid', why);
  if (!Buffer.isBuffer(context.pdf)) throw invalid('the PDF must be a Buffer');
  context.level = options.level ?? DEFAULT_LEVEL;
  if (!isPadesLevel(context.level)) throw invalid(`unknown level ${String(options.level)}`);
  context.signingTime = options.signingTime ?? new Date();
  if (Number.isNaN(context.signingTime.getTime())) throw invalid('the signing time is not a date');
  if (options.certify !== undefined && ![1, 2, 3].includes(options.certify)) throw invalid('certify must be 1, 2 or 3');
  for (const size of [options.contentsSize, options.timeStampSize]) {
    if (size !== undefined && (!Number.isSafeInteger(size) || size < 256 || size > 1 << 24)) throw invalid('reserved sizes must be integers between 256 and 16 MiB');
  }
  const rect = options.visible?.rect;
  if (rect && ![rect.x, rect.y, rect.width, rect.height].every(Number.isFinite)) throw invalid('the visible signature\'s rectangle must be numbers');
  if (options.lock && !['All', 'Include', 'Exclude'].includes(options.lock.action)) throw invalid('a field lock\'s action is All, Include or Exclude');
}

function readSigner(context: PrepareContext): void {
  context.signer = readSignerCertificate(context.options.certificate);
  context.chain = (context.options.chain ?? []).filter((certificate) => !certificate.equals(context.signer.der));
}

function openDocument(context: PrepareContext): void {
  context.document = PdfDocument.open(context.pdf);
  context.update = new IncrementalUpdate(context.document);
}

function refuseUnsignableDocument(context: PrepareContext): void {
  const { document } = context;
  if (document.cipher && !document.cipher.permitsSigning) {
    throw new PdfError('pdf-signing-not-permitted', 'the document\'s permissions forbid filling in forms and signing');
  }
  refuseWhenCertifiedWithoutChanges(document);
  if (context.options.certify) {
    for (const field of formFields(context.update, currentAcroForm(context.update))) {
      if (field.type === 'Sig' && field.dict.has('V')) {
        throw new PdfError('pdf-certification-not-first', 'a certification signature must be the document\'s first signature');
      }
    }
  }
}

function createSignatureDictionary(context: PrepareContext): void {
  const { options, signer } = context;
  const size = options.contentsSize ?? contentsSizeFor(signer, context.chain, context.level, options.timeStampSize ?? DEFAULT_TIME_STAMP_SIZE);
  context.signature = context.update.allocate();
  context.signatureDict = signatureDictionary(size, {
    signingTime: context.signingTime,
    reason: options.reason,
    location: options.location,
    name: options.name,
    contactInfo: options.contactInfo,
  });
}

function placeField(context: PrepareContext): void {
  const { options } = context;
  const rect = options.visible?.rect;
  context.field = placeSignatureField(context.update, context.signature, {
    fieldName: options.field,
    namePrefix: 'Signature',
    page: options.visible?.page ?? options.page ?? 1,
    rect: rect && [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height],
    appearance: options.visible?.appearance,
    lock: options.lock,
  });
}

function certifyDocument(context: PrepareContext): void {
  const permission = context.options.certify;
  if (!permission) return;
  addReference(context.signatureDict, docMdpReference(permission));
  const catalog = context.update.edit(context.document.rootRef);
  const perms = context.update.resolve(catalog.get('Perms'));
  catalog.set('Perms', (perms instanceof PdfDict ? perms.clone() : new PdfDict()).set('DocMDP', context.signature));
}

function lockFields(context: PrepareContext): void {
  if (context.field.lock) addReference(context.signatureDict, fieldMdpReference(context.field.lock, context.document.rootRef));
}

function addReference(signatureDict: PdfDict, reference: PdfDict): void {
  const references = signatureDict.get('Reference');
  signatureDict.set('Reference', [...(Array.isArray(references) ? references : []), reference] as PdfObject[]);
}

function writeUpdate(context: PrepareContext): void {
  context.update.put(context.signature, context.signatureDict);
  context.written = writeSignatureUpdate(context.update);
}

function buildSignedAttributes(context: PrepareContext): void {
  context.signedAttributes = signedAttributes(context.written.documentDigest, context.signer);
}
