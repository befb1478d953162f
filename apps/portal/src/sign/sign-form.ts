import type { Bilingual } from '@theqa/kernel';
import type { SigningServiceError } from '@theqa/signing';
import { sizeInWords } from '../pages/words';

/** The upload form's fields, in the order the page sends them: the text first, so that they arrive before the file. */
export type SignFormField = 'name_ar' | 'name_en' | 'reason' | 'document';

/** What the person typed, kept as typed (trimmed to a sensible length) to be shown again with a problem. */
export interface SignFormValues {
  nameAr: string;
  nameEn: string;
  reason: string;
}

export interface SignFormProblem {
  field: SignFormField;
  message: Bilingual;
}

/** The file as multer keeps it (in memory). */
export interface UploadedPdf {
  buffer: Buffer;
  size: number;
}

/** The signing service's limits on the names and the reason (libs/signing new-signing-request.ts). */
const MAX_TEXT = 255;
/** What a refused form shows again of a text: enough to correct it, not a page of it. */
const KEPT_CHARACTERS = 300;
const PRINTABLE = /^[^\p{Cc}\p{Cf}\p{Cs}]*$/u;

const kept = (value: unknown): string => (typeof value === 'string' ? [...value].slice(0, KEPT_CHARACTERS).join('') : '');

export function readSignForm(body: unknown): SignFormValues {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return { nameAr: kept(fields.name_ar), nameEn: kept(fields.name_en), reason: kept(fields.reason) };
}

const EMPTY_VALUES: SignFormValues = { nameAr: '', nameEn: '', reason: '' };
export const emptySignForm = (): SignFormValues => ({ ...EMPTY_VALUES });

/**
 * The form checked as the signing service will check it, so that each problem is told at its field in
 * the page's language: a name in Arabic or English or both (one given stands for both), each and the
 * optional reason at most 255 printable characters, and a file. What the file is (a PDF, readable,
 * not locked with a password) the service says (`documentProblem`).
 */
export function checkSignForm(
  values: SignFormValues,
  file: UploadedPdf | undefined,
): { ok: true; document: Buffer; documentName: Bilingual; reason?: string } | { ok: false; problems: SignFormProblem[] } {
  const problems: SignFormProblem[] = [];
  const ar = values.nameAr.trim();
  const en = values.nameEn.trim();
  const reason = values.reason.trim();
  if (!ar && !en) problems.push({ field: 'name_ar', message: { ar: 'اكتب اسماً للمستند بالعربية أو بالإنجليزية أو بكلتيهما.', en: 'Give the document a name, in Arabic or in English or both.' } });
  const textProblem = (field: SignFormField, text: string, label: Bilingual) => {
    if (text.length > MAX_TEXT) problems.push({ field, message: { ar: `${label.ar} لا يزيد على ${MAX_TEXT} حرفاً.`, en: `${label.en} is at most ${MAX_TEXT} characters.` } });
    else if (!PRINTABLE.test(text)) problems.push({ field, message: { ar: `${label.ar} يحتوي على رموز تحكم لا يمكن استخدامها.`, en: `${label.en} contains control characters, which cannot be used.` } });
  };
  textProblem('name_ar', ar, { ar: 'اسم المستند بالعربية', en: 'The Arabic name' });
  textProblem('name_en', en, { ar: 'اسم المستند بالإنجليزية', en: 'The English name' });
  textProblem('reason', reason, { ar: 'سبب التوقيع', en: 'The reason' });
  if (!file || file.size === 0) problems.push({ field: 'document', message: { ar: 'اختر ملف PDF لتوقيعه.', en: 'Choose the PDF file to sign.' } });
  if (problems.length || !file) return { ok: false, problems };
  return { ok: true, document: file.buffer, documentName: { ar: ar || en, en: en || ar }, reason: reason || undefined };
}

/** The file is larger than the service accepts (told before it is read whole, or by the parser's limit). */
export function tooLargeProblem(maxDocumentBytes: number): SignFormProblem {
  return {
    field: 'document',
    message: { ar: `حجم الملف أكبر من المسموح: ${sizeInWords(maxDocumentBytes, 'ar')} على الأكثر. اختر ملفاً أصغر.`, en: `The file is larger than accepted: at most ${sizeInWords(maxDocumentBytes, 'en')}. Choose a smaller file.` },
  };
}

/** The person's uploads of the hour are used up: nothing was read or made; when they can send again. */
export function tooManyUploads(retryAfterSeconds: number): Bilingual {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  const inMinutes = (lang: 'ar' | 'en') => new Intl.NumberFormat(lang === 'ar' ? 'ar-OM' : 'en-GB', { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(minutes);
  return {
    ar: `أرسلت مستندات كثيرة للتوقيع خلال وقت قصير، فلم يُقبل هذا المستند ولم يُنشأ طلب توقيع. يمكنك الإرسال من جديد بعد ${inMinutes('ar')} تقريباً.`,
    en: `You have sent many documents to sign in a short time, so this one was not accepted and no signing request was made. You can send again in about ${inMinutes('en')}.`,
  };
}

/** What the service said of the document, at the file's field: what is wrong, and what to do. */
export function documentProblem(error: SigningServiceError, maxDocumentBytes: number): SignFormProblem {
  if (error.code === 'document-too-large') return tooLargeProblem(maxDocumentBytes);
  if (error.code === 'request-invalid') {
    return { field: 'name_ar', message: { ar: 'لا يمكن استخدام اسم المستند أو سبب التوقيع كما كُتبا.', en: 'The document name or the reason cannot be used as written.' } };
  }
  const message = ((): Bilingual => {
    switch (error.details.reason) {
      case 'pdf-not-a-pdf':
        return { ar: 'هذا الملف ليس مستند PDF. اختر ملف PDF.', en: 'This file is not a PDF. Choose a PDF file.' };
      case 'pdf-encrypted-user-password':
        return { ar: 'هذا المستند محمي بكلمة مرور. احفظ نسخة منه دون كلمة مرور ثم ارفعها.', en: 'This PDF is protected with a password. Save a copy without the password and upload that.' };
      case 'pdf-encrypted-unsupported':
        return { ar: 'هذا المستند مشفّر بطريقة لا يمكن توقيعها. احفظ نسخة غير مشفّرة ثم ارفعها.', en: 'This PDF is encrypted in a way that cannot be signed. Save an unencrypted copy and upload that.' };
      case 'pdf-signing-not-permitted':
        return { ar: 'أذونات هذا المستند لا تسمح بتوقيعه.', en: "This PDF's permissions do not allow it to be signed." };
      case 'pdf-certified-no-changes':
        return { ar: 'هذا المستند مصدَّق بشرط عدم تغييره، فلا يمكن إضافة توقيع إليه.', en: 'This PDF is certified against any change, so no signature can be added.' };
      default:
        return { ar: 'ملف PDF هذا تالف أو لا يمكن قراءته. افتحه واحفظه من جديد، ثم ارفع النسخة المحفوظة.', en: 'This PDF is damaged or cannot be read. Open it, save it again, and upload the saved copy.' };
    }
  })();
  return { field: 'document', message };
}
