import { BadRequestException, NotFoundException } from '@nestjs/common';
import { preferredLanguage, resolveProblem, retryAfterHeader } from './problem-response';
import { ProblemException } from './problem-exception';
import { defineProblem, Problems } from './problem-types';

describe('preferredLanguage', () => {
  it.each([
    [undefined, 'en'],
    ['ar', 'ar'],
    ['ar-OM,ar;q=0.9,en;q=0.8', 'ar'],
    ['en-GB,en;q=0.9,ar;q=0.5', 'en'],
    ['fr-FR,ar;q=0.4', 'ar'],
    ['ar;q=0,en', 'en'],
    ['de', 'en'],
  ])('%s → %s', (header, expected) => {
    expect(preferredLanguage(header)).toBe(expected);
  });
});

describe('resolveProblem', () => {
  it('keeps a ProblemException as it is', () => {
    const resolved = resolveProblem(new ProblemException(Problems.conflict, 'already revoked', { serial: '01' }));
    expect(resolved).toEqual({ problem: Problems.conflict, detail: 'already revoked', extensions: { serial: '01' } });
  });

  it('maps body-parser failures by their type', () => {
    expect(resolveProblem(Object.assign(new SyntaxError('x'), { type: 'entity.parse.failed', status: 400 })).problem).toBe(Problems.malformedJson);
    expect(resolveProblem(Object.assign(new Error('x'), { type: 'entity.too.large', status: 413 })).problem).toBe(Problems.payloadTooLarge);
  });

  it('maps Nest HTTP exceptions to the problem of their status', () => {
    expect(resolveProblem(new NotFoundException('Cannot GET /x'))).toMatchObject({ problem: Problems.notFound, detail: 'Cannot GET /x' });
    expect(resolveProblem(new BadRequestException(['a', 'b'])).detail).toBe('a; b');
  });

  it('turns anything else into a 500 that keeps the cause for the log only', () => {
    const boom = new TypeError('secret internals');
    const resolved = resolveProblem(boom);
    expect(resolved.problem).toBe(Problems.internalError);
    expect(resolved.detail).toBeUndefined();
    expect(resolved.cause).toBe(boom);
  });
});

describe('resolveProblem with an outage detector', () => {
  const outage = (error: unknown) => (error as { code?: string })?.code === 'ECONNREFUSED';

  it('answers an outage 503 temporarily-unavailable with retry_after, keeping the cause for the log', () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const resolved = resolveProblem(down, outage);
    expect(resolved).toEqual({ problem: Problems.temporarilyUnavailable, extensions: { retry_after: 5 }, cause: down });
    expect(retryAfterHeader(resolved)).toBe('5');
  });

  it('leaves every other error as it was, and a problem thrown on purpose wins', () => {
    expect(resolveProblem(new TypeError('bug'), outage).problem).toBe(Problems.internalError);
    expect(resolveProblem(new ProblemException(Problems.conflict), () => true).problem).toBe(Problems.conflict);
  });
});

describe('retryAfterHeader', () => {
  const unavailable = defineProblem('external-unavailable', 503, 'A government service is unavailable', 'غير متاحة');
  const resolved = (problem: typeof unavailable, extensions: Record<string, unknown>) => resolveProblem(new ProblemException(problem, undefined, extensions));

  it('tells a 503 or 429 client when to come back, from the problem’s retry_after seconds', () => {
    expect(retryAfterHeader(resolved(unavailable, { retry_after: 7 }))).toBe('7');
    expect(retryAfterHeader(resolved(unavailable, { retry_after: 2.1 }))).toBe('3');
    expect(retryAfterHeader(resolved(Problems.tooManyRequests, { retry_after: 60 }))).toBe('60');
  });

  it('says nothing without a number of seconds, or for other statuses', () => {
    expect(retryAfterHeader(resolved(unavailable, {}))).toBeUndefined();
    expect(retryAfterHeader(resolved(Problems.tooManyRequests, { retry_after: null }))).toBeUndefined();
    expect(retryAfterHeader(resolved(Problems.conflict, { retry_after: 5 }))).toBeUndefined();
  });
});
