import { defineProblem, ProblemException, type ProblemType } from '@theqa/http-shell';
import { IdentityError, type IdentityErrorCode } from '@theqa/identity';
import { LoginError, type LoginErrorCode } from '@theqa/login';

/** The wallet's view of a login refusal; titles are what it shows, in Arabic and English. */
const LOGIN_PROBLEMS: Record<LoginErrorCode, ProblemType> = {
  'request-invalid': defineProblem('request-invalid', 400, 'The request is not valid', 'الطلب غير صالح'),
  'login-unknown': defineProblem('login-unknown', 404, 'There is no such login request', 'لا يوجد طلب تسجيل دخول بهذا الرمز'),
  'login-expired': defineProblem('login-expired', 410, 'This login request has expired', 'انتهت صلاحية طلب تسجيل الدخول'),
  'login-used': defineProblem('login-used', 409, 'This QR code has already been used', 'تم استخدام رمز الاستجابة السريعة مسبقاً'),
  'login-decided': defineProblem('login-decided', 409, 'This login has already been answered', 'تمت الإجابة على طلب تسجيل الدخول مسبقاً'),
  'device-mismatch': defineProblem('device-mismatch', 403, 'This device cannot answer this login', 'لا يمكن لهذا الجهاز الرد على هذا الطلب'),
  'scan-invalid': defineProblem('scan-invalid', 400, 'The scan is not valid', 'عملية المسح غير صالحة'),
  'rate-limited': defineProblem('rate-limited', 429, 'Too many login requests; wait and try again', 'طلبات تسجيل دخول كثيرة؛ انتظر ثم حاول مجدداً'),
};

/** The device-challenge refusals a login answer can meet (the same codes as the enrolment API's). */
const DEVICE_PROBLEMS: Partial<Record<IdentityErrorCode, ProblemType>> = {
  'answer-invalid': defineProblem('answer-invalid', 400, "The device's answer is not valid", 'رد الجهاز غير صالح'),
  'challenge-unknown': defineProblem('challenge-unknown', 404, 'There is no such request', 'لا يوجد طلب بهذا الرمز'),
  'challenge-used': defineProblem('challenge-used', 409, 'This request has already been answered', 'تمت الإجابة على هذا الطلب مسبقاً'),
  'challenge-expired': defineProblem('challenge-expired', 410, 'This request has expired', 'انتهت صلاحية هذا الطلب'),
  'device-unknown': defineProblem('device-unknown', 404, 'There is no such device', 'لا يوجد جهاز بهذا الرقم'),
  'device-revoked': defineProblem('device-revoked', 403, 'This device has been removed', 'تمت إزالة هذا الجهاز'),
  'identity-unknown': defineProblem('identity-unknown', 404, 'There is no such digital identity', 'لا توجد هوية رقمية بهذا الرقم'),
  'pin-wrong': defineProblem('pin-wrong', 403, 'The PIN is wrong', 'الرقم السري غير صحيح'),
  'pin-blocked': defineProblem('pin-blocked', 423, 'The PIN is blocked; reset it', 'الرقم السري محظور؛ يرجى إعادة تعيينه'),
  'identity-suspended': defineProblem('identity-suspended', 403, 'Your digital identity is suspended; contact the Theqa help desk', 'هويتك الرقمية موقوفة؛ تواصل مع مكتب مساعدة ثقة'),
  'request-invalid': defineProblem('request-invalid', 400, 'The request is not valid', 'الطلب غير صالح'),
};

/** Runs device-side login work, turning typed refusals into problem+json (anything else stays a 500). */
export async function asLoginProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LoginError) throw new ProblemException(LOGIN_PROBLEMS[error.code], error.message, { code: error.code, ...error.details });
    const deviceProblem = error instanceof IdentityError ? DEVICE_PROBLEMS[error.code] : undefined;
    if (deviceProblem) throw new ProblemException(deviceProblem, (error as IdentityError).message, { code: (error as IdentityError).code, ...(error as IdentityError).details });
    throw error;
  }
}
