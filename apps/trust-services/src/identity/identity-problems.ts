import { IdentityError, type IdentityErrorCode } from '@theqa/identity';
import { defineProblem, ProblemException, type ProblemType } from '@theqa/http-shell';
import { IntegrationError, type ExternalSystem } from '@theqa/integrations';

/** Each identity error as a problem type; titles are what the wallet shows, in Arabic and English. */
const PROBLEMS: Record<IdentityErrorCode, ProblemType> = {
  'request-invalid': defineProblem('request-invalid', 400, 'The request is not valid', 'الطلب غير صالح'),
  'journey-unknown': defineProblem('journey-unknown', 404, 'There is no such registration journey', 'لا توجد عملية تسجيل بهذا الرمز'),
  'journey-closed': defineProblem('journey-closed', 409, 'This journey has ended; start again', 'انتهت هذه العملية؛ ابدأ من جديد'),
  'journey-expired': defineProblem('journey-expired', 410, 'The journey has expired; start again', 'انتهت مهلة العملية؛ ابدأ من جديد'),
  'step-out-of-order': defineProblem('step-out-of-order', 409, 'This step is not the next one', 'هذه ليست الخطوة التالية'),
  'step-expired': defineProblem('step-expired', 410, 'The step was not completed in time; start again', 'لم تكتمل الخطوة في الوقت المحدد؛ ابدأ من جديد'),
  'journey-busy': defineProblem('journey-busy', 409, 'Another request is changing this journey; retry', 'طلب آخر يعدّل هذه العملية؛ أعد المحاولة'),
  'card-data-invalid': defineProblem('card-data-invalid', 400, 'The card data is not valid', 'بيانات البطاقة غير صالحة'),
  'card-signature-invalid': defineProblem('card-signature-invalid', 400, 'The card data is not genuine', 'بيانات البطاقة غير أصلية'),
  'card-not-valid': defineProblem('card-not-valid', 403, 'The ID card is not valid (expired or cancelled)', 'البطاقة الشخصية غير صالحة (منتهية أو ملغاة)'),
  'person-unknown': defineProblem('person-unknown', 404, 'The civil registry does not know this person', 'الشخص غير مسجل لدى الأحوال المدنية'),
  'person-deceased': defineProblem('person-deceased', 403, 'Registration is not possible for this person', 'لا يمكن التسجيل لهذا الشخص'),
  'names-disagree': defineProblem('names-disagree', 422, 'The names do not agree with the civil registry', 'الأسماء لا تطابق سجلات الأحوال المدنية'),
  'contact-invalid': defineProblem('contact-invalid', 400, 'The email or phone number is not valid', 'البريد الإلكتروني أو رقم الهاتف غير صالح'),
  'terms-version': defineProblem('terms-version', 409, 'Accept the current terms and conditions', 'يرجى قبول الشروط والأحكام الحالية'),
  'face-mismatch': defineProblem('face-mismatch', 422, 'The face does not match the civil registry photo', 'الوجه لا يطابق صورة الأحوال المدنية'),
  'face-attempts-exhausted': defineProblem('face-attempts-exhausted', 403, 'Too many face match attempts; start again', 'تجاوزت عدد محاولات مطابقة الوجه؛ ابدأ من جديد'),
  'otp-wrong': defineProblem('otp-wrong', 422, 'The verification code is wrong', 'رمز التحقق غير صحيح'),
  'otp-expired': defineProblem('otp-expired', 410, 'The verification code has expired; ask for a new one', 'انتهت صلاحية رمز التحقق؛ اطلب رمزاً جديداً'),
  'otp-attempts-exhausted': defineProblem('otp-attempts-exhausted', 403, 'The code was wrong three times; start again', 'أدخلت رمزاً خاطئاً ثلاث مرات؛ ابدأ من جديد'),
  'otp-resend-too-soon': defineProblem('otp-resend-too-soon', 429, 'Wait before asking for another code', 'انتظر قبل طلب رمز جديد'),
  'pin-format': defineProblem('pin-format', 400, 'The PIN must be 6 digits', 'يجب أن يتكون الرقم السري من 6 أرقام'),
  'pin-trivial': defineProblem('pin-trivial', 422, 'This PIN is too easy to guess', 'هذا الرقم السري سهل التخمين'),
  'csr-invalid': defineProblem('csr-invalid', 400, 'The device key request is not valid', 'طلب مفتاح الجهاز غير صالح'),
  'device-unknown': defineProblem('device-unknown', 404, 'There is no such device', 'لا يوجد جهاز بهذا الرقم'),
  'device-revoked': defineProblem('device-revoked', 403, 'This device has been removed', 'تمت إزالة هذا الجهاز'),
  'device-signature-invalid': defineProblem('device-signature-invalid', 401, "The device's signature is missing, stale or wrong", 'توقيع الجهاز مفقود أو قديم أو غير صحيح'),
  'challenge-unknown': defineProblem('challenge-unknown', 404, 'There is no such request', 'لا يوجد طلب بهذا الرمز'),
  'challenge-used': defineProblem('challenge-used', 409, 'This request has already been answered', 'تمت الإجابة على هذا الطلب مسبقاً'),
  'challenge-expired': defineProblem('challenge-expired', 410, 'This request has expired', 'انتهت صلاحية هذا الطلب'),
  'answer-invalid': defineProblem('answer-invalid', 400, "The device's answer is not valid", 'رد الجهاز غير صالح'),
  'pin-wrong': defineProblem('pin-wrong', 403, 'The PIN is wrong', 'الرقم السري غير صحيح'),
  'pin-blocked': defineProblem('pin-blocked', 423, 'The PIN is blocked; reset it', 'الرقم السري محظور؛ يرجى إعادة تعيينه'),
  'identity-unknown': defineProblem('identity-unknown', 404, 'There is no such digital identity', 'لا توجد هوية رقمية بهذا الرقم'),
  'rate-limited': defineProblem('rate-limited', 429, 'Too many attempts; try again later', 'محاولات كثيرة جداً؛ حاول مرة أخرى لاحقاً'),
  'external-unavailable': defineProblem('external-unavailable', 503, 'A government service is unavailable; try again later', 'إحدى الخدمات الحكومية غير متاحة؛ حاول لاحقاً'),
};

/** A government service refused the platform's request or answered what the platform cannot read. */
const EXTERNAL_ERROR = defineProblem('external-error', 502, 'A government service did not answer as expected; try again later', 'لم تستجب إحدى الخدمات الحكومية كما هو متوقع؛ حاول لاحقاً');

/** When an unavailable service named no time to come back (seconds): the wallet waits this long. */
export const DEFAULT_RETRY_AFTER_SECONDS = 30;

const SERVICE_NAMES: Record<ExternalSystem, string> = {
  'civil-registry': 'the civil registry',
  'card-data': 'the card data',
  sms: 'the SMS gateway',
  push: 'the push service',
  'face-match': 'face matching',
};

export function identityProblem(error: IdentityError): ProblemException {
  const extensions = { code: error.code, ...(error.code === 'external-unavailable' ? { retry_after: DEFAULT_RETRY_AFTER_SECONDS } : {}), ...error.details };
  return new ProblemException(PROBLEMS[error.code], error.message, extensions);
}

/**
 * An outside system's failure that reached the HTTP shell: unavailable → 503 with Retry-After (the
 * system's own hint when it gave one); refused or garbled answers → 502. A refused input is a check
 * the platform should have made first: it stays a 500 (undefined here).
 */
export function integrationProblem(error: IntegrationError): ProblemException | undefined {
  const service = SERVICE_NAMES[error.system];
  let problem: ProblemException;
  if (error.kind === 'unavailable') {
    problem = new ProblemException(PROBLEMS['external-unavailable'], `${service} is unavailable; try again later`, {
      code: 'external-unavailable',
      retry_after: error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS,
    });
  } else if (error.kind === 'rejected' || error.kind === 'answer-invalid') {
    problem = new ProblemException(EXTERNAL_ERROR, `${service} did not answer as expected`, { code: 'external-error' });
  } else {
    return undefined;
  }
  // The client reads only the problem; the log of this 5xx keeps what the system said.
  problem.cause = error;
  return problem;
}

/** Runs identity work, turning its typed errors and outside systems' failures into problems (anything else stays a 500). */
export async function asIdentityProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof IdentityError) throw identityProblem(error);
    if (error instanceof IntegrationError) throw integrationProblem(error) ?? error;
    throw error;
  }
}
