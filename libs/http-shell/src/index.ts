export { Problems, defineProblem, problemForStatus, type ProblemType } from './problem-types';
export { ProblemException, type FieldError, type ProblemExtensions } from './problem-exception';
export { resolveProblem, writeProblem, writeNodeProblem, problemDocument, preferredLanguage, PROBLEM_CONTENT_TYPE, type Language } from './problem-response';
export { ProblemFilter } from './problem-filter';
export { createValidationPipe, flattenValidationErrors } from './validation';
export { configureHttpShell, type HttpShellOptions } from './configure-http';
export { createLogger, NestPinoLogger, type Logger } from './logger';
export { requestContext, currentRequestId, requestIdFrom, type RequestContext } from './request-context';
