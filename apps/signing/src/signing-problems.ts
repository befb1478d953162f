import { IDENTITY_ERRORS, IdentityError, type IdentityErrorCode } from '@theqa/identity';
import { defineProblem, ProblemException, type ProblemType } from '@theqa/http-shell';
import { ClientAuthenticationError } from '@theqa/relying-parties';
import { SigningServiceError, type SigningErrorCode } from '@theqa/signing';

/** Each signing error as a problem type; the titles are what a relying party's page or the wallet shows. */
const PROBLEMS: Record<SigningErrorCode, ProblemType> = {
  'request-invalid': defineProblem('signing-request-invalid', 400, 'The signing request is not valid', 'طلب التوقيع غير صالح'),
  'document-invalid': defineProblem('document-invalid', 422, 'The document cannot be signed', 'لا يمكن توقيع المستند'),
  'document-too-large': defineProblem('document-too-large', 413, 'The document is too large', 'حجم المستند كبير جداً'),
  'signer-unknown': defineProblem('signer-unknown', 422, 'This person has no active digital identity', 'لا توجد هوية رقمية فعالة لهذا الشخص'),
  'signer-not-high': defineProblem('signer-not-high', 403, 'Signing needs the high assurance level', 'التوقيع يتطلب المستوى المرتفع'),
  'signer-no-signing-key': defineProblem('signer-no-signing-key', 403, 'The person has no signing key', 'لا يملك الشخص مفتاح توقيع'),
  'signer-blocked': defineProblem('signer-blocked', 423, "The person's PIN is blocked", 'الرقم السري للشخص محظور'),
  'signer-certificate-invalid': defineProblem('signer-certificate-invalid', 403, "The person's signing certificate is not valid", 'شهادة التوقيع للشخص غير صالحة'),
  'request-unknown': defineProblem('signing-request-unknown', 404, 'There is no such signing request', 'لا يوجد طلب توقيع بهذا الرمز'),
  'request-not-pending': defineProblem('signing-request-ended', 409, 'The signing request has ended', 'انتهى طلب التوقيع'),
  'request-expired': defineProblem('signing-request-expired', 410, 'The signing request has expired', 'انتهت صلاحية طلب التوقيع'),
  'document-not-signed': defineProblem('document-not-signed', 409, 'The document is not signed yet', 'لم يتم توقيع المستند بعد'),
  'signature-invalid': defineProblem('document-signature-invalid', 400, 'The document signature does not verify', 'توقيع المستند غير صحيح'),
  'completion-failed': defineProblem('signing-failed', 503, 'The signature could not be completed; try again later', 'تعذر إكمال التوقيع؛ حاول لاحقاً'),
  'client-unauthenticated': defineProblem('client-unauthenticated', 401, 'The relying party is not authenticated', 'لم يتم التحقق من الجهة'),
};

const IDENTITY_PROBLEMS = Object.fromEntries(
  Object.entries(IDENTITY_ERRORS).map(([code, { status, en, ar }]) => [code, defineProblem(code, status, en, ar)]),
) as Record<IdentityErrorCode, ProblemType>;

/** Runs signing work, turning its typed errors (and the identity errors of a device's answer) into problems. */
export async function asSigningProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw signingProblem(error) ?? error;
  }
}

export function signingProblem(error: unknown): ProblemException | undefined {
  if (error instanceof SigningServiceError) return problemOf(error);
  if (error instanceof IdentityError) return new ProblemException(IDENTITY_PROBLEMS[error.code], error.message, { code: error.code, ...error.details });
  if (error instanceof ClientAuthenticationError) return clientUnauthenticated(error.message);
  return undefined;
}

export function clientUnauthenticated(detail: string): ProblemException {
  return problemOf(new SigningServiceError('client-unauthenticated', detail));
}

function problemOf(error: SigningServiceError): ProblemException {
  const retry = error.code === 'completion-failed' ? { retry_after: 30 } : {};
  const problem = PROBLEMS[error.code];
  // `code` is the problem type's own name, as for every other problem the platform answers.
  return new ProblemException(problem, error.message, { code: problem.type.slice(problem.type.lastIndexOf(':') + 1), ...retry, ...error.details });
}
