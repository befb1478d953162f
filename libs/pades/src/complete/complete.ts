/**
 * Phase two of remote signing: the signature value from the device or key store, checked against the
 * signer's certificate over the prepared signed attributes, wrapped in the CMS SignedData (with the
 * signature time-stamp for B-T and above) and written into the prepared /Contents; then, as the level
 * asks, the validation data (B-LT) and a document time-stamp (B-LTA), each in an update of its own.
 */
import { createHash } from 'node:crypto';
import { SigningError } from '../errors';
import { normaliseSignatureValue, verifySignatureValue } from '../cms/signature-value';
import { signedDataContentInfo } from '../cms/signed-data';
import { readSignerCertificate, type SignerCertificate } from '../cms/signer-certificate';
import { requestTimeStamp, type TimeStampFunction, type TimeStampTokenInfo } from '../cms/time-stamp-token';
import { documentTimeStampUpdate } from '../levels/document-time-stamp';
import { hasDocumentTimeStamp, hasSignatureTimeStamp, hasValidationData } from '../levels/level';
import type { RevocationFunction } from '../levels/revocation';
import { collectValidationData } from '../levels/collect-validation-data';
import { validationDataUpdate } from '../levels/validation-data';
import { PdfDocument } from '../pdf/pdf-document';
import { decodePreparedState, type PreparedDocument } from '../prepare/prepared-state';
import type { PreparedSignatureParts } from '../prepare/prepared-signature';
import { withContents } from '../signature/signature-update';
import { joinSignedPdf, signedPdfParts, type SignedPdfParts } from './signed-pdf-parts';

export interface CompleteOptions {
  /** The time-stamping authority (B-T and above: the signature time-stamp; B-LTA: the document time-stamp). */
  timeStamp?: TimeStampFunction;
  /** The revocation data of the signer's chain and the TSA's (B-LT and above). */
  revocation?: RevocationFunction;
}

interface CompleteContext {
  prepared: PreparedSignatureParts;
  options: CompleteOptions;
  signer: SignerCertificate;
  chain: Buffer[];
  signedAttributes: Buffer;
  signature: Buffer;
  timeStamp?: TimeStampTokenInfo;
  /** The input followed by the updates written so far. */
  output: Buffer[];
}

/**
 * The signed PDF. `certificate` must be the one the document was prepared for; `chain` (DER, leaf-most
 * first) defaults to the chain given to `prepare`. Throws a SigningError when the signature value does
 * not verify, the state does not belong to the PDF, or a level's time-stamp or revocation data is missing.
 */
export async function complete(prepared: PreparedDocument, signatureValue: Buffer, certificate: Buffer, chain?: Buffer[], options: CompleteOptions = {}): Promise<Buffer> {
  return joinSignedPdf(await completeParts(prepared, signatureValue, certificate, chain, options));
}

/** As `complete`, the signed PDF as the input followed by the updates appended to it, not joined. */
export async function completeParts(prepared: PreparedDocument, signatureValue: Buffer, certificate: Buffer, chain?: Buffer[], options: CompleteOptions = {}): Promise<SignedPdfParts> {
  return completeSignature(prepared?.pdf, decodePreparedState(prepared), signatureValue, certificate, chain, options);
}

/** Phase two from the prepared signature as it is in memory (`signPdf`, which prepared it a moment ago). */
export async function completeSignature(
  pdf: Buffer,
  prepared: PreparedSignatureParts,
  signatureValue: Buffer,
  certificate: Buffer,
  chain: Buffer[] | undefined,
  options: CompleteOptions,
): Promise<SignedPdfParts> {
  const context = { prepared, options, output: [pdf] } as CompleteContext;
  checkLevelInputs(context);
  checkSigner(context, certificate, chain);
  checkSignatureValue(context, signatureValue);
  await timeStampSignature(context);
  embedSignature(context);
  await addValidationData(context);
  await addDocumentTimeStamp(context);
  return signedPdfParts(context.output);
}

function checkLevelInputs(context: CompleteContext): void {
  const { level } = context.prepared;
  if ((hasSignatureTimeStamp(level) || hasDocumentTimeStamp(level)) && typeof context.options.timeStamp !== 'function') {
    throw new SigningError('time-stamp-missing', `level ${level} needs a time-stamping function (options.timeStamp)`);
  }
  if (hasValidationData(level) && typeof context.options.revocation !== 'function') {
    throw new SigningError('revocation-missing', `level ${level} needs a revocation data function (options.revocation)`);
  }
}

function checkSigner(context: CompleteContext, certificate: Buffer, chain: Buffer[] | undefined): void {
  if (!Buffer.isBuffer(certificate)) throw new SigningError('certificate-malformed', 'the signer certificate must be DER in a Buffer');
  const signer = readSignerCertificate(certificate);
  if (!signer.sha256.equals(context.prepared.certificateSha256)) {
    throw new SigningError('certificate-mismatch', 'the certificate is not the one the signature was prepared for (its hash is in the signed attributes)');
  }
  if (chain !== undefined && (!Array.isArray(chain) || !chain.every(Buffer.isBuffer))) throw new SigningError('certificate-malformed', 'the chain must be DER certificates in Buffers');
  context.signer = signer;
  context.chain = (chain ?? context.prepared.chain).filter((der) => !der.equals(signer.der));
}

function checkSignatureValue(context: CompleteContext, signatureValue: Buffer): void {
  if (!Buffer.isBuffer(signatureValue) || signatureValue.length === 0) throw new SigningError('signature-malformed', 'the signature value must be a non-empty Buffer');
  context.signedAttributes = context.prepared.signedAttributes;
  context.signature = normaliseSignatureValue(signatureValue, context.signer);
  verifySignatureValue(context.signedAttributes, context.signature, context.signer);
}

/** B-T: RFC 3161 over the signature value's octets (RFC 3161 appendix A; ETSI EN 319 122-1 §5.3). */
async function timeStampSignature(context: CompleteContext): Promise<void> {
  const { timeStamp } = context.options;
  if (!hasSignatureTimeStamp(context.prepared.level) || !timeStamp) return;
  const imprint = createHash('sha256').update(context.signature).digest();
  context.timeStamp = await requestTimeStamp(timeStamp, imprint);
}

function embedSignature(context: CompleteContext): void {
  const { prepared } = context;
  const cms = signedDataContentInfo({
    signer: context.signer,
    signedAttributes: context.signedAttributes,
    signature: context.signature,
    certificates: context.chain,
    signatureTimeStamp: context.timeStamp?.token,
  });
  context.output.push(withContents({ bytes: prepared.update, start: prepared.updateStart, contents: prepared.contents }, cms));
}

/** B-LT: the certificates of the signer's chain and the TSA's, with their OCSP responses and CRLs, in the DSS. */
async function addValidationData(context: CompleteContext): Promise<void> {
  const { revocation } = context.options;
  if (!hasValidationData(context.prepared.level) || !revocation) return;
  const data = await collectValidationData(revocation, [context.signer.der, ...context.chain], context.timeStamp?.certificates ?? []);
  const update = validationDataUpdate(PdfDocument.open(context.output), data);
  if (update) context.output.push(update);
}

/** B-LTA: a document time-stamp over everything before it. */
async function addDocumentTimeStamp(context: CompleteContext): Promise<void> {
  const { timeStamp } = context.options;
  if (!hasDocumentTimeStamp(context.prepared.level) || !timeStamp) return;
  context.output.push(await documentTimeStampUpdate(PdfDocument.open(context.output), timeStamp, context.prepared.timeStampSize));
}
