/**
 * The report as plain lines for a person, in Arabic or English: what the CLI prints and the public
 * validation page shows. Indications keep their ETSI names (they are what auditors search for).
 */
import type { Bilingual, Language } from '@theqa/kernel';
import type { Change, ChangeKind, Indication, SignatureValidation, ValidationReport } from './report';

type Labels = Record<string, Bilingual>;

const LABELS = {
  document: { ar: 'المستند', en: 'Document' },
  revisions: { ar: 'عدد المراجعات', en: 'Revisions' },
  validatedAt: { ar: 'وقت التحقق', en: 'Validated at' },
  overall: { ar: 'النتيجة الإجمالية', en: 'Overall result' },
  none: { ar: 'لا توجد توقيعات في المستند', en: 'The document has no signatures' },
  signature: { ar: 'التوقيع', en: 'Signature' },
  documentTimeStamp: { ar: 'ختم زمني للمستند', en: 'Document time-stamp' },
  field: { ar: 'الحقل', en: 'Field' },
  result: { ar: 'النتيجة', en: 'Result' },
  signer: { ar: 'الموقّع', en: 'Signer' },
  tsa: { ar: 'جهة الختم الزمني', en: 'Time-stamping authority' },
  civilNumber: { ar: 'الرقم المدني', en: 'Civil number' },
  organizationIdentifier: { ar: 'معرّف الجهة', en: 'Organisation identifier' },
  serial: { ar: 'الرقم التسلسلي للشهادة', en: 'Certificate serial number' },
  chain: { ar: 'سلسلة الشهادات', en: 'Certificate chain' },
  claimedTime: { ar: 'وقت التوقيع المعلن', en: 'Claimed signing time' },
  timeStamp: { ar: 'الختم الزمني', en: 'Time-stamp' },
  notValid: { ar: 'غير صالح', en: 'not valid' },
  untrusted: { ar: 'غير موثوق', en: 'not trusted' },
  revocation: { ar: 'حالة الإلغاء', en: 'Revocation status' },
  level: { ar: 'مستوى PAdES', en: 'PAdES level' },
  revision: { ar: 'المراجعة', en: 'Revision' },
  wholeDocument: { ar: 'يغطي المستند كله', en: 'covers the whole document' },
  partOfDocument: { ar: 'أُضيفت بعده مراجعات', en: 'later revisions were added' },
  reasons: { ar: 'الأسباب', en: 'Reasons' },
  warnings: { ar: 'ملاحظات', en: 'Notes' },
  allowedChanges: { ar: 'تغييرات لاحقة مسموح بها', en: 'Allowed later changes' },
  forbiddenChanges: { ar: 'تغييرات لاحقة غير مسموح بها', en: 'Changes made after signing that are not allowed' },
  suspiciousChanges: { ar: 'تغييرات لاحقة مريبة', en: 'Suspicious later changes' },
  reason: { ar: 'السبب', en: 'Reason' },
  location: { ar: 'المكان', en: 'Location' },
} satisfies Labels;

const INDICATIONS: Record<Indication, Bilingual> = {
  TOTAL_PASSED: { ar: 'صالح', en: 'valid' },
  INDETERMINATE: { ar: 'غير محسوم', en: 'indeterminate' },
  TOTAL_FAILED: { ar: 'غير صالح', en: 'invalid' },
};

const REVOCATION: Record<string, Bilingual> = {
  good: { ar: 'غير ملغاة', en: 'not revoked' },
  revoked: { ar: 'ملغاة', en: 'revoked' },
  unknown: { ar: 'غير معروفة', en: 'unknown' },
};

const SOURCES: Record<string, Bilingual> = {
  dss: { ar: 'من مخزن التحقق في المستند', en: 'from the document\'s DSS' },
  signature: { ar: 'من التوقيع', en: 'from the signature' },
  fetched: { ar: 'من خدمة الإلغاء', en: 'from the revocation service' },
};

const CHANGES: Record<ChangeKind, Bilingual> = {
  signature: { ar: 'توقيع لاحق', en: 'a later signature' },
  'document-time-stamp': { ar: 'ختم زمني للمستند', en: 'a document time-stamp' },
  'validation-data': { ar: 'بيانات التحقق طويل الأمد', en: 'long-term validation data' },
  'form-filling': { ar: 'تعبئة حقل فارغ في النموذج', en: 'an empty form field filled in' },
  metadata: { ar: 'بيانات وصفية', en: 'metadata' },
  'page-content': { ar: 'تغيير محتوى صفحة', en: 'page content changed' },
  annotation: { ar: 'تعليق توضيحي مضاف أو معدّل', en: 'an annotation added or changed' },
  'field-value': { ar: 'تغيير قيمة حقل كانت معبّأة عند التوقيع', en: 'a value filled in when signed was changed' },
  'locked-field': { ar: 'تغيير حقل مقفل', en: 'a locked field changed' },
  'form-structure': { ar: 'تغيير بنية النموذج', en: 'the form\'s structure changed' },
  'unsigned-signature-field': { ar: 'حقل توقيع غير موقّع مرئي', en: 'a visible unsigned signature field' },
  'signature-dictionary': { ar: 'تغيير قاموس توقيع', en: 'a signature dictionary changed' },
  catalog: { ar: 'تغيير فهرس المستند', en: 'the document catalog changed' },
  'revision-chain': { ar: 'المراجعة الموقّعة لم تعد جزءاً من المستند', en: 'the signed revision is no longer part of the document' },
  other: { ar: 'تغيير آخر', en: 'another change' },
};

export function formatValidationReport(report: ValidationReport, lang: Language): string[] {
  const t = (label: Bilingual) => label[lang];
  const lines: string[] = [];
  lines.push(`${t(LABELS.document)}: SHA-256 ${report.documentSha256}`);
  lines.push(`${t(LABELS.revisions)}: ${report.revisions}`);
  lines.push(`${t(LABELS.validatedAt)}: ${time(report.validationTime)}`);
  lines.push(`${t(LABELS.overall)}: ${indication(report.indication, lang)}`);
  if (report.signatures.length === 0) lines.push(t(LABELS.none));
  report.signatures.forEach((signature, i) => {
    lines.push('');
    lines.push(...formatSignature(signature, i + 1, lang));
  });
  return lines;
}

function formatSignature(signature: SignatureValidation, index: number, lang: Language): string[] {
  const t = (label: Bilingual) => label[lang];
  const lines: string[] = [];
  const title = signature.kind === 'signature' ? LABELS.signature : LABELS.documentTimeStamp;
  lines.push(`${t(title)} ${index} — ${t(LABELS.field)}: ${signature.fieldName}`);
  const sub = signature.subIndication ? ` / ${signature.subIndication}` : '';
  lines.push(`  ${t(LABELS.result)}: ${indication(signature.indication, lang)}${sub}`);
  if (signature.signer) {
    const who = signature.kind === 'signature' ? LABELS.signer : LABELS.tsa;
    lines.push(`  ${t(who)}: ${signature.signer.commonName ?? signature.signer.subject}`);
    if (signature.signer.civilNumber) lines.push(`  ${t(LABELS.civilNumber)}: ${signature.signer.civilNumber}`);
    if (signature.signer.organizationIdentifier) lines.push(`  ${t(LABELS.organizationIdentifier)}: ${signature.signer.organizationIdentifier}`);
    lines.push(`  ${t(LABELS.serial)}: ${signature.signer.serialNumber}`);
  }
  if (signature.chain.length) lines.push(`  ${t(LABELS.chain)}: ${signature.chain.map((link) => link.commonName ?? link.subject).join(' ← ')}`);
  if (signature.claimedSigningTime) lines.push(`  ${t(LABELS.claimedTime)}: ${time(signature.claimedSigningTime)}`);
  if (signature.reason) lines.push(`  ${t(LABELS.reason)}: ${signature.reason}`);
  if (signature.location) lines.push(`  ${t(LABELS.location)}: ${signature.location}`);
  if (signature.timeStamp) {
    const state = !signature.timeStamp.valid ? ` (${t(LABELS.notValid)})` : !signature.timeStamp.trusted ? ` (${t(LABELS.untrusted)})` : '';
    lines.push(`  ${t(LABELS.timeStamp)}: ${signature.timeStamp.time ? time(signature.timeStamp.time) : '—'}${state}`);
  }
  if (signature.revocation) {
    const source = signature.revocation.source ? `, ${t(SOURCES[signature.revocation.source])}` : '';
    const revokedAt = signature.revocation.revokedAt ? ` ${time(signature.revocation.revokedAt)}` : '';
    lines.push(`  ${t(LABELS.revocation)}: ${t(REVOCATION[signature.revocation.status])}${revokedAt}${source}`);
  }
  if (signature.level) lines.push(`  ${t(LABELS.level)}: ${signature.level}`);
  if (signature.revision) lines.push(`  ${t(LABELS.revision)}: ${signature.revision} (${t(signature.coversWholeDocument ? LABELS.wholeDocument : LABELS.partOfDocument)})`);
  if (signature.failures.length) {
    lines.push(`  ${t(LABELS.reasons)}:`);
    for (const item of signature.failures) lines.push(`    - ${item.message[lang]}`);
  }
  if (signature.warnings.length) {
    lines.push(`  ${t(LABELS.warnings)}:`);
    for (const item of signature.warnings) lines.push(`    - ${item.message[lang]}`);
  }
  const changes = signature.changes;
  if (changes) {
    const list = (label: Bilingual, items: Change[]) => {
      if (!items.length) return;
      lines.push(`  ${t(label)}:`);
      for (const change of items) lines.push(`    - ${describeChange(change, lang)}`);
    };
    list(LABELS.forbiddenChanges, changes.notAllowed);
    list(LABELS.suspiciousChanges, changes.suspicious);
    list(LABELS.allowedChanges, changes.allowed);
  }
  return lines;
}

function describeChange(change: Change, lang: Language): string {
  const parts = [CHANGES[change.kind][lang]];
  if (change.field) parts.push(`"${change.field}"`);
  if (change.detail) parts.push(`(${change.detail})`);
  if (change.objects.length) parts.push(`[${change.objects.slice(0, 8).join(', ')}${change.objects.length > 8 ? ', …' : ''}]`);
  return parts.join(' ');
}

function indication(value: Indication, lang: Language): string {
  return `${INDICATIONS[value][lang]} (${value})`;
}

const time = (date: Date) => date.toISOString().replace('.000Z', 'Z');
