import { CaError, type CaErrorCode } from '@theqa/ca';
import { defineProblem, ProblemException, type ProblemType } from '@theqa/http-shell';

/** Each CA error code as a problem type with Arabic and English titles. */
const PROBLEMS: Record<CaErrorCode, ProblemType> = {
  'csr-malformed': defineProblem('csr-malformed', 400, 'The certificate request cannot be read', 'تعذّرت قراءة طلب الشهادة'),
  'csr-signature-invalid': defineProblem('csr-signature-invalid', 400, 'The certificate request signature does not verify', 'توقيع طلب الشهادة غير صحيح'),
  'csr-key-forbidden': defineProblem('csr-key-forbidden', 400, 'This kind of key is not accepted', 'نوع المفتاح غير مقبول'),
  'profile-unknown': defineProblem('profile-unknown', 400, 'There is no such certificate profile', 'لا يوجد ملف شهادة بهذا الاسم'),
  'profile-invalid': defineProblem('profile-invalid', 400, 'The certificate profile cannot be used here', 'لا يمكن استخدام ملف الشهادة هنا'),
  'identity-invalid': defineProblem('identity-invalid', 400, 'The identity data is not valid for a certificate', 'بيانات الهوية غير صالحة لإصدار شهادة'),
  'authority-unknown': defineProblem('authority-unknown', 404, 'There is no such certification authority', 'لا توجد جهة تصديق بهذا الاسم'),
  'authority-not-ready': defineProblem('authority-not-ready', 503, 'The certification authority is not available', 'جهة التصديق غير متاحة'),
  'certificate-lint-failed': defineProblem('certificate-lint-failed', 422, 'The certificate would break its profile; nothing was issued', 'الشهادة تخالف ملفها؛ لم يصدر شيء'),
  'certificate-unknown': defineProblem('certificate-unknown', 404, 'There is no certificate with this serial number', 'لا توجد شهادة بهذا الرقم التسلسلي'),
  'revocation-invalid': defineProblem('revocation-invalid', 409, 'This status change is not possible', 'لا يمكن تغيير حالة الشهادة بهذا الشكل'),
  'serial-collision': defineProblem('serial-collision', 503, 'Please try again', 'يرجى المحاولة مرة أخرى'),
  'hierarchy-invalid': defineProblem('hierarchy-invalid', 500, 'The CA hierarchy is misconfigured', 'إعداد جهات التصديق غير صحيح'),
  'hierarchy-incomplete': defineProblem('hierarchy-incomplete', 503, 'The CA hierarchy is not initialised', 'لم تُهيّأ جهات التصديق بعد'),
};

export function caProblem(error: CaError): ProblemException {
  return new ProblemException(PROBLEMS[error.code], error.message, { code: error.code });
}

/** Runs CA work, turning its typed errors into problems (anything else stays a 500). */
export async function asProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CaError) throw caProblem(error);
    throw error;
  }
}
