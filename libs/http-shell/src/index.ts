export { Problems, defineProblem, problemForStatus, type ProblemType } from './problem-types';
export { ProblemException, type FieldError, type ProblemExtensions } from './problem-exception';
export {
  resolveProblem,
  writeProblem,
  writeNodeProblem,
  problemDocument,
  retryAfterHeader,
  preferredLanguage,
  PROBLEM_CONTENT_TYPE,
  OUTAGE_RETRY_AFTER_SECONDS,
  type OutageDetector,
} from './problem-response';
export { ProblemFilter } from './problem-filter';
export { createValidationPipe, flattenValidationErrors } from './validation';
export { configureHttpShell, type HttpShellOptions } from './configure-http';
export { createLogger, NestPinoLogger, type Logger } from './logger';
export { requestContext, currentRequestId, requestIdFrom, type RequestContext } from './request-context';
export { isPlainJsonRequest, readJsonBody, JSON_BODY_LIMIT } from './node-json-body';
export { assertJsonShape, JSON_SHAPE_LIMITS, type JsonShapeLimits } from './json-shape';
export { writeNodeJson, writeNodeError, logNodeRequest } from './node-response';
export { escapeHtml } from './escape-html';
export { qrOf } from './qr-code';
export { bearerToken } from './bearer-token';
export { sendStrictTransportSecurity, servedOverHttps, STRICT_TRANSPORT_SECURITY } from './strict-transport-security';
