import { IDENTITY_ERRORS, IdentityError, type IdentityErrorCode } from '@theqa/identity';
import { defineProblem, ProblemException, type ProblemType } from '@theqa/http-shell';
import { IntegrationError, type ExternalSystem } from '@theqa/integrations';

/** Each identity error as a problem type, from the identity lib's one table of statuses and titles. */
const PROBLEMS = Object.fromEntries(
  Object.entries(IDENTITY_ERRORS).map(([code, { status, en, ar }]) => [code, defineProblem(code, status, en, ar)]),
) as Record<IdentityErrorCode, ProblemType>;

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
  const next = IDENTITY_ERRORS[error.code].next;
  const extensions = { code: error.code, ...(error.code === 'external-unavailable' ? { retry_after: DEFAULT_RETRY_AFTER_SECONDS } : {}), ...(next ? { next } : {}), ...error.details };
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
