import type { Bilingual } from '@theqa/kernel';

/**
 * The problem types every service may answer with (RFC 9457). The `type` URIs are stable: clients
 * branch on them, so a type is never renamed, only added. Titles are what a person reads, in both
 * of the platform's languages.
 */
export interface ProblemType {
  type: string;
  status: number;
  title: Bilingual;
}

const PROBLEM_BASE = 'urn:theqa:problem:';

export function defineProblem(slug: string, status: number, en: string, ar: string): ProblemType {
  return { type: PROBLEM_BASE + slug, status, title: { en, ar } };
}

export const Problems = {
  malformedJson: defineProblem('malformed-json', 400, 'The request body is not valid JSON', 'محتوى الطلب ليس بصيغة JSON صحيحة'),
  bodyTooComplex: defineProblem('body-too-complex', 400, 'The request body is nested too deeply or has too many members', 'محتوى الطلب متداخل بعمق كبير أو يحوي عناصر كثيرة جداً'),
  invalidRequest: defineProblem('invalid-request', 400, 'Some fields of the request are invalid', 'بعض حقول الطلب غير صحيحة'),
  badRequest: defineProblem('bad-request', 400, 'The request cannot be processed as sent', 'لا يمكن معالجة الطلب بالصيغة المرسلة'),
  unauthorized: defineProblem('unauthorized', 401, 'Authentication is required', 'يلزم التحقق من الهوية'),
  forbidden: defineProblem('forbidden', 403, 'You are not allowed to do this', 'غير مسموح لك بتنفيذ هذا الإجراء'),
  notFound: defineProblem('not-found', 404, 'There is nothing at this address', 'لا يوجد شيء على هذا العنوان'),
  methodNotAllowed: defineProblem('method-not-allowed', 405, 'This method is not allowed here', 'هذه الطريقة غير مسموحة هنا'),
  conflict: defineProblem('conflict', 409, 'The request conflicts with the current state', 'الطلب يتعارض مع الحالة الحالية'),
  payloadTooLarge: defineProblem('payload-too-large', 413, 'The request body is too large', 'حجم محتوى الطلب كبير جداً'),
  unsupportedMediaType: defineProblem('unsupported-media-type', 415, 'This content type is not accepted', 'نوع المحتوى غير مقبول'),
  tooManyRequests: defineProblem('too-many-requests', 429, 'Too many requests; try again later', 'طلبات كثيرة جداً؛ حاول لاحقاً'),
  internalError: defineProblem('internal-error', 500, 'Something went wrong on our side', 'حدث خطأ من جهتنا'),
  temporarilyUnavailable: defineProblem('temporarily-unavailable', 503, 'The service is temporarily unavailable; try again shortly', 'الخدمة غير متاحة مؤقتاً؛ حاول بعد قليل'),
  serviceUnavailable: defineProblem('service-unavailable', 503, 'The service is not ready', 'الخدمة غير جاهزة'),
} as const;

const byStatus = new Map<number, ProblemType>(Object.values(Problems).map((p) => [p.status, p]));

/** The generic problem type for an HTTP status that carries no more specific one. */
export function problemForStatus(status: number): ProblemType {
  return byStatus.get(status) ?? (status >= 500 ? Problems.internalError : Problems.badRequest);
}
