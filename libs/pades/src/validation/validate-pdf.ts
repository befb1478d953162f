/**
 * Validation of a signed PDF (ETSI EN 319 102-1, with the PAdES specifics of EN 319 142-1): every
 * signature and document time-stamp, in document order, gets an indication and the findings behind
 * it. Only what is needed is read: the cross-reference chain of each revision, the form, the
 * signature dictionaries, the DSS and the objects later updates changed; the file is hashed once.
 */
import { createHash } from 'node:crypto';
import { PadesError, PdfError, SigningError } from '../errors';
import { PdfDict, PdfRef, PdfString, type PdfObject } from '../pdf/objects';
import { PdfDocument } from '../pdf/pdf-document';
import type { PadesLevel } from '../levels/level';
import { attributeOf, civilNumberOf, describeName, readCertificate, tryReadCertificate, type Certificate } from './certificate';
import { buildChain, chainValidityAt, uniqueCertificates, type TrustStore } from './certificate-chain';
import { bytesOf } from './der';
import { digestByteRanges, type DigestRequest } from './byte-range-digest';
import { readDss, type DssContents } from './dss';
import { failure, verdict, warning, worstIndication } from './findings';
import { analyseChanges, type ModificationRules } from './modifications';
import type { CertificateSummary, RevocationReport, SignatureValidation, TimeStampReport, ValidationReport } from './report';
import { revocationArchival, revocationStatus, sha256, type RevocationFetcher, type RevocationStatus } from './revocation';
import { readRevisions, revisionEndingAt, type Revision } from './revisions';
import { signatureEntries, textOf, type SignatureEntry } from './signature-fields';
import { CMS_OID, messageDigestOf, namesCertificate, readSignedData, signingCertificateBinding, verifySignerInfo, type SignedData, type SignerInfo } from './signed-data';
import { checkTimeStampToken, readTstInfo } from './time-stamp';

export interface ValidationOptions {
  /** The platform's roots (DER): chains must end at one of them. */
  trustAnchors: Buffer[];
  /** Anchors the caller adds (another PKI it trusts), DER. */
  extraAnchors?: Buffer[];
  /** Asked for a certificate's status when the document's own evidence does not settle it. */
  revocation?: RevocationFetcher;
  /** The validation time (default now). */
  now?: Date;
}

const CMS_SUB_FILTERS = new Set(['ETSI.CAdES.detached', 'adbe.pkcs7.detached']);
const DIGESTS = new Set(['sha256', 'sha384', 'sha512']);

interface Work {
  entry: SignatureEntry;
  result: SignatureValidation;
  revision?: Revision;
  byteRange?: [number, number, number, number];
  signedData?: SignedData;
  signerInfo?: SignerInfo;
  /** The hash the byte range is to be digested with (undefined: no digest can be checked). */
  algorithm?: string;
  digest?: Buffer;
  revocationStatus?: RevocationStatus;
  /** Stops the checks that need a sound signature (format, hash, crypto failures). */
  broken: boolean;
}

export async function validatePdf(pdf: Buffer, options: ValidationOptions): Promise<ValidationReport> {
  if (!Buffer.isBuffer(pdf)) throw new PdfError('pdf-not-a-pdf', 'the document must be given as a Buffer');
  const now = options.now ?? new Date();
  const anchors = readAnchors([...(options.trustAnchors ?? []), ...(options.extraAnchors ?? [])]);
  const document = PdfDocument.open(pdf);
  const { revisions, entries, dss } = readStructure(document, pdf);
  const works: Work[] = entries.map((entry) => ({ entry, result: emptyResult(entry), broken: false }));
  for (const work of works) guarded(work, () => checkStructure(work, pdf, revisions));
  for (const work of works) guarded(work, () => readSignature(work));
  const fileSha256 = hashByteRanges(pdf, works);

  const pool = uniqueCertificates([...dss.certificates, ...works.flatMap((work) => work.signedData?.certificates ?? [])].map(tryReadCertificate).filter((c): c is Certificate => c !== undefined));
  const context: Context = { pdf, document, revisions, works, dss, store: { anchors, pool }, now, fetch: options.revocation };
  for (const work of works) {
    try {
      if (work.entry.kind === 'signature') await validateSignature(work, context);
      else validateDocumentTimeStamp(work, context);
      if (!work.broken) checkChanges(work, context);
    } catch (error) {
      if (!(error instanceof PadesError) && !isDecodingError(error)) throw error;
      work.result.failures.push(failure('cms-malformed', (error as Error).message));
    }
  }
  for (const work of works) {
    if (work.entry.kind === 'signature') guarded(work, () => (work.result.level = levelReached(work, context)));
    Object.assign(work.result, verdict(work.result.failures));
    if (work.result.indication === 'TOTAL_FAILED') work.result.level = undefined;
  }
  const signatures = works.map((work) => work.result);
  return {
    validationTime: now,
    documentSha256: fileSha256.toString('hex'),
    revisions: revisions.length,
    signatures,
    indication: signatures.length ? worstIndication(signatures.map((signature) => signature.indication)) : 'INDETERMINATE',
  };
}

interface Context {
  pdf: Buffer;
  document: PdfDocument;
  revisions: Revision[];
  works: Work[];
  dss: DssContents;
  store: TrustStore;
  now: Date;
  fetch?: RevocationFetcher;
}

function readAnchors(ders: Buffer[]): Certificate[] {
  return ders.map((der, i) => {
    try {
      return readCertificate(der);
    } catch {
      throw new SigningError('options-invalid', `trust anchor ${i + 1} is not a DER X.509 certificate`);
    }
  });
}

function readStructure(document: PdfDocument, pdf: Buffer) {
  try {
    const revisions = readRevisions(document, pdf);
    const entries = signatureEntries(document);
    const end = (entry: SignatureEntry) => (entry.byteRange?.length === 4 ? entry.byteRange[2] + entry.byteRange[3] : Number.MAX_SAFE_INTEGER);
    entries.sort((a, b) => end(a) - end(b));
    return { revisions, entries, dss: readDss(document) };
  } catch (error) {
    if (error instanceof PadesError) throw error;
    throw new PdfError('pdf-malformed', `the document's form or revisions cannot be read: ${(error as Error).message}`);
  }
}

function emptyResult(entry: SignatureEntry): SignatureValidation {
  return {
    kind: entry.kind,
    fieldName: entry.fieldName,
    indication: 'INDETERMINATE',
    failures: [],
    warnings: [],
    subFilter: entry.subFilter,
    byteRange: entry.byteRange,
    coversWholeDocument: false,
    claimedSigningTime: entry.dict ? pdfDate(entry.dict.get('M')) : undefined,
    reason: textOf(entry.dict?.get('Reason')),
    location: textOf(entry.dict?.get('Location')),
    chain: [],
  };
}

function guarded(work: Work, step: () => void): void {
  if (work.broken) return;
  try {
    step();
  } catch (error) {
    if (!(error instanceof PadesError) && !isDecodingError(error)) throw error;
    work.result.failures.push(failure('cms-malformed', (error as Error).message));
    work.broken = true;
  }
}

/** The byte range: four integers, from 0, around exactly the /Contents string, to the end of a revision. */
function checkStructure(work: Work, pdf: Buffer, revisions: Revision[]): void {
  const { entry, result } = work;
  const fail = (code: Parameters<typeof failure>[0], detail?: string) => {
    result.failures.push(failure(code, detail));
    work.broken = true;
  };
  if (!entry.dict || !entry.ref) return fail('byte-range-invalid', 'the field\'s value is not an indirect signature dictionary');
  if (entry.kind === 'signature' && !CMS_SUB_FILTERS.has(entry.subFilter ?? '')) return fail('format-unsupported', `/SubFilter ${entry.subFilter ?? 'missing'}`);
  const range = entry.byteRange;
  if (!range || range.length !== 4 || !range.every((n) => Number.isSafeInteger(n) && n >= 0)) return fail('byte-range-invalid', 'it must be four non-negative integers');
  const [start, gapStart, gapEnd, tailLength] = range;
  if (start !== 0) return fail('byte-range-invalid', `it starts at ${start}, not 0`);
  if (gapEnd < gapStart || gapEnd + tailLength > pdf.length) return fail('byte-range-invalid', 'it runs past the end of the file');
  const contents = entry.contentsAt;
  if (!contents || contents.start !== gapStart || contents.end !== gapEnd || !contents.hex) {
    return fail('byte-range-invalid', `the gap [${gapStart}, ${gapEnd}) is not exactly the /Contents hex string${contents ? ` [${contents.start}, ${contents.end})` : ''}`);
  }
  const revision = revisionEndingAt(revisions, gapEnd + tailLength);
  if (!revision) return fail('byte-range-invalid', `it ends at ${gapEnd + tailLength}, not at the end of a revision`);
  if (entry.objectOffset === undefined || entry.objectOffset >= revision.eofEnd) return fail('byte-range-invalid', 'the signature dictionary lies outside the revision it signs');
  work.revision = revision;
  work.byteRange = [start, gapStart, gapEnd, tailLength];
  result.revision = revision.number;
  result.coversWholeDocument = revision.number === revisions.length;
  if (!entry.contents || entry.contents.every((byte) => byte === 0)) return fail('contents-empty');
}

/** The CMS (or time-stamp token) in /Contents, and the hash its byte range is to be checked with. */
function readSignature(work: Work): void {
  const { entry, result } = work;
  let signedData: SignedData;
  try {
    signedData = readSignedData(entry.contents ?? Buffer.alloc(0));
  } catch (error) {
    result.failures.push(failure('cms-malformed', (error as Error).message));
    work.broken = true;
    return;
  }
  work.signedData = signedData;
  if (entry.kind === 'document-time-stamp') {
    if (signedData.contentType !== CMS_OID.tstInfo || !signedData.content) throw new PdfError('pdf-malformed', 'the document time-stamp holds no TSTInfo');
    work.algorithm = readTstInfo(signedData.content).imprintAlgorithm;
    return;
  }
  if (signedData.signerInfos.length !== 1) throw new PdfError('pdf-malformed', `the CMS has ${signedData.signerInfos.length} signers, not one`);
  if (signedData.content) throw new PdfError('pdf-malformed', 'the CMS is not detached');
  work.signerInfo = signedData.signerInfos[0];
  if (!work.signerInfo.digest || !DIGESTS.has(work.signerInfo.digest)) {
    result.failures.push(failure('algorithm-unsupported', `digest ${work.signerInfo.digestOid}`));
    work.broken = true;
    return;
  }
  work.algorithm = work.signerInfo.digest;
}

/** Every byte range's digest in one pass over the file; the file's own SHA-256 comes with it. */
function hashByteRanges(pdf: Buffer, works: Work[]): Buffer {
  const ready: Array<{ work: Work; request: DigestRequest }> = [];
  for (const work of works) {
    if (!work.broken && work.byteRange && work.algorithm && DIGESTS.has(work.algorithm)) ready.push({ work, request: { byteRange: work.byteRange, algorithm: work.algorithm } });
  }
  const { digests, fileSha256 } = digestByteRanges(pdf, ready.map(({ request }) => request));
  ready.forEach(({ work }, i) => (work.digest = digests[i]));
  return fileSha256;
}

async function validateSignature(work: Work, context: Context): Promise<void> {
  const { result } = work;
  const signerInfo = work.signerInfo;
  if (work.broken || !signerInfo || !work.signedData) return;
  const fail = (code: Parameters<typeof failure>[0], detail?: string) => result.failures.push(failure(code, detail));
  const certificates = uniqueCertificates([...work.signedData.certificates.map(tryReadCertificate).filter((c): c is Certificate => c !== undefined), ...context.store.pool, ...context.store.anchors]);
  const signer = certificates.find((certificate) => namesCertificate(signerInfo.sid, certificate));
  if (!signer) {
    fail('signer-certificate-missing');
    work.broken = true;
    return;
  }
  result.signer = summary(signer);

  // Integrity first (ETSI's order): the digest, the signature value, the certificate binding.
  const messageDigest = messageDigestOf(signerInfo);
  if (!messageDigest) throw new PdfError('pdf-malformed', 'the CMS has no message-digest attribute');
  if (!work.digest || !messageDigest.equals(work.digest)) fail('digest-mismatch');
  const check = verifySignerInfo(signerInfo, signer);
  if (check === 'invalid') fail('signature-invalid');
  if (check === 'unsupported') fail('algorithm-unsupported', `signature ${signerInfo.signatureOid}`);
  const binding = signingCertificateBinding(signerInfo, signer);
  if (binding.kind === 'mismatch') fail('signing-certificate-mismatch', binding.why);
  if (binding.kind === 'absent') {
    if (work.entry.subFilter === 'ETSI.CAdES.detached') fail('signing-certificate-attribute-missing');
    else result.warnings.push(warning('not-pades'));
  }
  if (signerInfo.signed.has(CMS_OID.signingTime) && work.entry.subFilter === 'ETSI.CAdES.detached') result.warnings.push(warning('signing-time-attribute'));
  if (result.failures.length) {
    work.broken = result.failures.some((item) => item.indication === 'TOTAL_FAILED');
    if (work.broken) return;
  }

  // The signature time-stamp: proof the signature existed at its time.
  const bestTime = signatureTimeStamp(work, signerInfo, certificates, context) ?? context.now;
  const poe = result.timeStamp?.valid && result.timeStamp.trusted;

  const chain = buildChain(signer, { anchors: context.store.anchors, pool: certificates });
  if (!chain) return void fail('no-chain', describeName(signer.issuer));
  result.chain = chain.map(summary);
  const validity = chainValidityAt(chain, bestTime);
  if (validity.state === 'not-yet-valid') fail('certificate-not-yet-valid', describeName(validity.certificate.subject));
  if (validity.state === 'expired') fail(poe ? 'certificate-expired' : 'certificate-expired-no-poe', describeName(validity.certificate.subject));
  if (chain.length < 2) return; // the signer's certificate is itself an anchor

  const embedded = [
    { source: 'dss' as const, evidence: { ocspResponses: context.dss.ocspResponses, crls: context.dss.crls } },
    { source: 'signature' as const, evidence: revocationArchival(signerInfo.signed.get(CMS_OID.adobeRevocationInfoArchival)) },
  ];
  const status = await revocationStatus(signer, chain[1], bestTime, embedded, certificates, context.fetch);
  work.revocationStatus = status;
  result.revocation = revocationReport(status, bestTime);
  judgeRevocation(status, bestTime, !!poe, fail);
  for (let i = 1; i < chain.length - 1; i++) {
    const caStatus = await revocationStatus(chain[i], chain[i + 1], bestTime, embedded, certificates, context.fetch);
    if (caStatus.status === 'revoked') judgeRevocation(caStatus, bestTime, !!poe, fail);
    else if (caStatus.status === 'unknown') result.warnings.push(warning('ca-revocation-unknown', describeName(chain[i].subject)));
  }
}

function judgeRevocation(status: RevocationStatus, time: Date, poe: boolean, fail: (code: 'revoked' | 'revoked-no-poe' | 'revocation-unknown', detail?: string) => void): void {
  if (status.status === 'unknown') return fail('revocation-unknown');
  if (status.status !== 'revoked') return;
  const at = status.revokedAt ?? new Date(0);
  if (!poe) return fail('revoked-no-poe', at.toISOString());
  if (at <= time) fail('revoked', at.toISOString());
}

/** Checks the signature time-stamp; the time it proves, when it is valid and its TSA trusted. */
function signatureTimeStamp(work: Work, signerInfo: SignerInfo, certificates: Certificate[], context: Context): Date | undefined {
  const values = signerInfo.unsigned.get(CMS_OID.signatureTimeStampToken);
  if (!values?.length) return undefined;
  const check = checkTimeStampToken(bytesOf(values[0]), (algorithm) => createHash(algorithm).update(signerInfo.signature).digest(), certificates);
  const report: TimeStampReport = { valid: check.ok, time: check.genTime, trusted: false };
  work.result.timeStamp = report;
  if (!check.ok) {
    report.problem = check.detail;
    work.result.warnings.push(warning('signature-time-stamp-ignored', check.detail));
    return undefined;
  }
  report.tsa = summary(check.tsa);
  const chain = buildChain(check.tsa, { anchors: context.store.anchors, pool: uniqueCertificates([...check.certificates, ...certificates]) });
  if (!chain || chainValidityAt(chain, check.genTime).state !== 'valid') {
    work.result.warnings.push(warning('signature-time-stamp-untrusted', describeName(check.tsa.subject)));
    return undefined;
  }
  report.trusted = true;
  return check.genTime;
}

function validateDocumentTimeStamp(work: Work, context: Context): void {
  const { result } = work;
  if (work.broken) return;
  const digest = work.digest;
  const check = checkTimeStampToken(work.entry.contents ?? Buffer.alloc(0), (algorithm) => (digest && algorithm === work.algorithm ? digest : Buffer.alloc(0)), context.store.pool);
  result.timeStamp = { valid: check.ok, time: check.genTime, trusted: false, problem: check.ok ? undefined : check.detail };
  if (!check.ok) {
    const code = check.problem === 'imprint' ? 'time-stamp-imprint' : check.problem === 'no-certificate' ? 'signer-certificate-missing' : check.problem === 'malformed' ? 'cms-malformed' : 'time-stamp-invalid';
    result.failures.push(failure(code, check.detail));
    work.broken = code !== 'signer-certificate-missing';
    return;
  }
  result.signer = summary(check.tsa);
  result.timeStamp.tsa = result.signer;
  const chain = buildChain(check.tsa, { anchors: context.store.anchors, pool: uniqueCertificates([...check.certificates, ...context.store.pool]) });
  if (!chain) return void result.failures.push(failure('no-chain', describeName(check.tsa.issuer)));
  result.chain = chain.map(summary);
  result.timeStamp.trusted = true;
  const validity = chainValidityAt(chain, check.genTime);
  if (validity.state !== 'valid') result.failures.push(failure(validity.state === 'expired' ? 'certificate-expired' : 'certificate-not-yet-valid', describeName(validity.certificate.subject)));
}

/** What was appended after the signature's revision, judged under DocMDP and the field locks in force. */
function checkChanges(work: Work, context: Context): void {
  const revision = work.revision;
  if (!revision) return;
  const later = context.revisions.filter((candidate) => candidate.end > revision.end);
  const signed = later.length ? PdfDocument.open(context.pdf.subarray(0, revision.end)) : context.document;
  const changes = analyseChanges(signed, context.document, later, rulesFor(revision, context));
  work.result.changes = changes;
  if (changes.notAllowed.length) {
    const kinds = [...new Set(changes.notAllowed.map((change) => change.kind))].join(', ');
    work.result.failures.push(failure('modified-after-signing', kinds));
  }
  if (changes.suspicious.length) work.result.failures.push(failure('unsigned-signature-field-added', changes.suspicious.map((change) => change.field).join(', ')));
}

function rulesFor(revision: Revision, context: Context): ModificationRules {
  const earlier = context.works.filter((other) => other.revision && other.revision.end <= revision.end);
  let docMdp: 1 | 2 | 3 | undefined;
  const locks: Array<(name: string) => boolean> = [];
  const perms = context.document.resolveDict(context.document.catalog.get('Perms'));
  const certifying = perms?.get('DocMDP');
  for (const other of earlier) {
    const dict = other.entry.dict;
    if (!dict) continue;
    for (const item of context.document.resolveArray(dict.get('Reference')) ?? []) {
      const reference = context.document.resolveDict(item);
      const params = context.document.resolveDict(reference?.get('TransformParams'));
      if (!reference || !params) continue;
      const method = reference.nameOf('TransformMethod');
      if (method === 'DocMDP' && certifying instanceof PdfRef && certifying.equals(other.entry.ref)) {
        const p = params.get('P');
        docMdp = p === 1 || p === 3 ? p : 2;
      }
      if (method === 'FieldMDP') locks.push(lockPredicate(params, context.document));
    }
    const field = context.document.resolveDict(other.entry.fieldRef);
    const lock = context.document.resolveDict(field?.get('Lock'));
    if (lock) locks.push(lockPredicate(lock, context.document));
  }
  return { docMdp, isLocked: (name) => locks.some((locked) => locked(name)) };
}

function lockPredicate(params: PdfDict, document: PdfDocument): (name: string) => boolean {
  const action = params.nameOf('Action') ?? 'All';
  const fields = new Set((document.resolveArray(params.get('Fields')) ?? []).map((item) => textOf(document.resolve(item) ?? undefined)).filter((name): name is string => !!name));
  if (action === 'Include') return (name) => fields.has(name);
  if (action === 'Exclude') return (name) => !fields.has(name);
  return () => true;
}

/**
 * B-B: a sound PAdES signature with its signing-certificate binding; B-T: and a trusted signature
 * time-stamp; B-LT: and the revocation evidence in the DSS; B-LTA: and a valid document time-stamp
 * over a DSS that already held it.
 */
function levelReached(work: Work, context: Context): PadesLevel | undefined {
  const { result } = work;
  if (work.broken || result.failures.some((item) => ['FORMAT_FAILURE', 'HASH_FAILURE', 'SIG_CRYPTO_FAILURE'].includes(item.subIndication))) return undefined;
  const signerInfo = work.signerInfo;
  const certificate = signerInfo && certificateOf(signerInfo, work, context);
  if (work.entry.subFilter !== 'ETSI.CAdES.detached' || !signerInfo || !certificate || !work.revision || signingCertificateBinding(signerInfo, certificate).kind !== 'matches') return undefined;
  if (!result.timeStamp?.valid || !result.timeStamp.trusted) return 'B-B';
  const status = work.revocationStatus;
  const evidence = status && status.status !== 'unknown' && status.source === 'dss' ? status.evidenceSha256 : undefined;
  if (!evidence) return 'B-T';
  const end = work.revision.end;
  const covered = context.works.some((other) => {
    if (other.entry.kind !== 'document-time-stamp' || other.result.failures.length || !other.revision || other.revision.end <= end) return false;
    const stamped = readDss(PdfDocument.open(context.pdf.subarray(0, other.revision.end)));
    return [...stamped.ocspResponses, ...stamped.crls].some((der) => sha256(der) === evidence);
  });
  return covered ? 'B-LTA' : 'B-LT';
}

function certificateOf(signerInfo: SignerInfo, work: Work, context: Context): Certificate | undefined {
  const sid = signerInfo.sid;
  const candidates = [...(work.signedData?.certificates ?? []).map(tryReadCertificate), ...context.store.pool];
  return candidates.find((certificate): certificate is Certificate => certificate !== undefined && namesCertificate(sid, certificate));
}

function revocationReport(status: RevocationStatus, at: Date): RevocationReport {
  return { status: status.status, at, source: status.source, kind: status.kind, thisUpdate: status.thisUpdate, nextUpdate: status.nextUpdate, revokedAt: status.revokedAt };
}

function summary(certificate: Certificate): CertificateSummary {
  return {
    subject: describeName(certificate.subject),
    commonName: attributeOf(certificate.subject, 'CN'),
    civilNumber: civilNumberOf(certificate),
    organizationIdentifier: attributeOf(certificate.subject, 'organizationIdentifier'),
    organization: attributeOf(certificate.subject, 'O'),
    issuer: describeName(certificate.issuer),
    serialNumber: certificate.serialNumber,
    sha256: certificate.sha256.toString('hex'),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
  };
}

/** `D:YYYYMMDDHHmmSS+hh'mm'` (§7.9.4), as far as it is given. */
function pdfDate(value: PdfObject | undefined): Date | undefined {
  if (!(value instanceof PdfString)) return undefined;
  const match = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?/.exec(value.bytes.toString('latin1'));
  if (!match) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = match;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = sign === '+' || sign === '-' ? (sign === '+' ? 1 : -1) * (Number(oh) * 60 + Number(om)) * 60_000 : 0;
  const date = new Date(utc - offset);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function isDecodingError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'DerError' || error instanceof TypeError || error instanceof RangeError);
}

