/**
 * The reasons a validation gives, each with its stable code, what it means for the indication, and
 * its text in Arabic and English (the CLI and the public validation page show them as they are).
 */
import type { Failure, Finding, Indication, SubIndication } from './report';

type FailureCode = keyof typeof FAILURES;
type WarningCode = keyof typeof WARNINGS;

const FAILURES = {
  'byte-range-invalid': ['TOTAL_FAILED', 'FORMAT_FAILURE', 'نطاق البايتات (/ByteRange) غير صالح', 'the /ByteRange is invalid'],
  'contents-empty': ['TOTAL_FAILED', 'FORMAT_FAILURE', 'قيمة التوقيع (/Contents) فارغة أو مصفّرة', 'the signature value (/Contents) is empty or zeroed'],
  'cms-malformed': ['TOTAL_FAILED', 'FORMAT_FAILURE', 'بنية التوقيع (CMS) غير قابلة للقراءة', 'the signature (CMS) cannot be read'],
  'format-unsupported': ['INDETERMINATE', 'FORMAT_FAILURE', 'صيغة التوقيع غير مدعومة', 'the signature format is not supported'],
  'signing-certificate-attribute-missing': ['INDETERMINATE', 'FORMAT_FAILURE', 'لا يحمل التوقيع سمة شهادة التوقيع (ESS signing-certificate-v2)', 'the signature lacks the ESS signing-certificate-v2 attribute'],
  'digest-mismatch': ['TOTAL_FAILED', 'HASH_FAILURE', 'تغيّرت محتويات الملف الموقّعة: البصمة لا تطابق المُوقَّع عليه', 'the signed bytes were changed: their digest is not the one signed'],
  'signature-invalid': ['TOTAL_FAILED', 'SIG_CRYPTO_FAILURE', 'قيمة التوقيع لا تتحقق بمفتاح شهادة الموقّع', 'the signature value does not verify with the signer certificate\'s key'],
  'signing-certificate-mismatch': ['TOTAL_FAILED', 'SIG_CRYPTO_FAILURE', 'سمة شهادة التوقيع تسمّي شهادة غير التي يتحقق بها التوقيع', 'the signing-certificate attribute names another certificate than the one that verifies the signature'],
  'algorithm-unsupported': ['INDETERMINATE', 'CRYPTO_CONSTRAINTS_FAILURE', 'خوارزمية التوقيع غير مقبولة', 'the signature algorithm is not accepted'],
  'signer-certificate-missing': ['INDETERMINATE', 'NO_SIGNING_CERTIFICATE_FOUND', 'شهادة الموقّع غير موجودة في التوقيع ولا في الملف', 'the signer\'s certificate is neither in the signature nor in the document'],
  'modified-after-signing': ['TOTAL_FAILED', 'HASH_FAILURE', 'عُدِّل المستند بعد التوقيع تعديلاً غير مسموح به', 'the document was changed after signing in a way that is not allowed'],
  'unsigned-signature-field-added': ['INDETERMINATE', 'SIG_CONSTRAINTS_FAILURE', 'أُضيف بعد التوقيع حقل توقيع غير موقّع قد يغطي الصفحة', 'an unsigned signature field that may cover the page was added after signing'],
  'no-chain': ['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND', 'لا تنتهي سلسلة الشهادات إلى جهة ثقة معروفة', 'the certificate chain does not reach a known trust anchor'],
  'certificate-expired-no-poe': ['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE', 'انتهت صلاحية الشهادة ولا دليل على أن التوقيع سبق انتهاءها', 'the certificate has expired and nothing proves the signature existed before'],
  'certificate-expired': ['TOTAL_FAILED', 'EXPIRED', 'وُقِّع بعد انتهاء صلاحية الشهادة', 'signed after the certificate expired'],
  'certificate-not-yet-valid': ['TOTAL_FAILED', 'NOT_YET_VALID', 'وُقِّع قبل بدء صلاحية الشهادة', 'signed before the certificate was valid'],
  revoked: ['TOTAL_FAILED', 'REVOKED', 'أُلغيت الشهادة قبل وقت التوقيع', 'the certificate was revoked before the signing time'],
  'revoked-no-poe': ['INDETERMINATE', 'REVOKED_NO_POE', 'الشهادة ملغاة ولا دليل على أن التوقيع سبق الإلغاء', 'the certificate is revoked and nothing proves the signature existed before'],
  'revocation-unknown': ['INDETERMINATE', 'TRY_LATER', 'تعذّر معرفة حالة إلغاء الشهادة في وقت التوقيع', 'the certificate\'s revocation status at the signing time cannot be established'],
  'time-stamp-imprint': ['TOTAL_FAILED', 'HASH_FAILURE', 'الختم الزمني لا يغطي محتويات الملف', 'the time-stamp does not cover the document\'s bytes'],
  'time-stamp-invalid': ['TOTAL_FAILED', 'SIG_CRYPTO_FAILURE', 'توقيع الختم الزمني غير صالح', 'the time-stamp\'s signature is not valid'],
} as const satisfies Record<string, readonly [Exclude<Indication, 'TOTAL_PASSED'>, SubIndication, string, string]>;

const WARNINGS = {
  'signature-time-stamp-ignored': ['الختم الزمني للتوقيع غير صالح فلم يُعتدّ به', 'the signature time-stamp is not valid and was ignored'],
  'signature-time-stamp-untrusted': ['جهة الختم الزمني للتوقيع غير موثوقة فلم يُعتدّ به', 'the signature time-stamp\'s authority is not trusted; it was ignored'],
  'signing-time-attribute': ['يحمل التوقيع سمة وقت التوقيع وهي ممنوعة في PAdES', 'the signature carries a signing-time attribute, which PAdES forbids'],
  'not-pades': ['التوقيع ليس بصيغة PAdES (ETSI.CAdES.detached)', 'the signature is not a PAdES one (ETSI.CAdES.detached)'],
  'ca-revocation-unknown': ['تعذّرت معرفة حالة إلغاء شهادة جهة إصدار وسيطة', 'the revocation status of an intermediate CA certificate is not known'],
} as const satisfies Record<string, readonly [string, string]>;

export function failure(code: FailureCode, detail?: string): Failure {
  const [indication, subIndication, ar, en] = FAILURES[code];
  return { code, indication, subIndication, message: withDetail(ar, en, detail) };
}

export function warning(code: WarningCode, detail?: string): Finding {
  const [ar, en] = WARNINGS[code];
  return { code, message: withDetail(ar, en, detail) };
}

function withDetail(ar: string, en: string, detail: string | undefined) {
  return detail ? { ar: `${ar} (${detail})`, en: `${en} (${detail})` } : { ar, en };
}

const SEVERITY: Record<Indication, number> = { TOTAL_PASSED: 0, INDETERMINATE: 1, TOTAL_FAILED: 2 };

/** The first failure of the worst indication decides: checks are listed in ETSI's order. */
export function verdict(failures: Failure[]): { indication: Indication; subIndication?: SubIndication } {
  let worst: Failure | undefined;
  for (const item of failures) if (!worst || SEVERITY[item.indication] > SEVERITY[worst.indication]) worst = item;
  return worst ? { indication: worst.indication, subIndication: worst.subIndication } : { indication: 'TOTAL_PASSED' };
}

export function worstIndication(indications: Indication[]): Indication {
  return indications.reduce<Indication>((worst, item) => (SEVERITY[item] > SEVERITY[worst] ? item : worst), 'TOTAL_PASSED');
}
