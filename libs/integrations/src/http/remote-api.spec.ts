import { hang, hangUp, json, problem, raw, ScriptedServer } from '../../test/scripted-server';
import { IntegrationError } from '../errors';
import { resolveEndpoint } from './http-endpoint';
import { readProblem } from './problem-details';
import { RemoteApi, type RemoteRequest } from './remote-api';
import { backoffDelayMs, retryAfterMs } from './retry-timing';

// Short enough for fast tests, long enough for a loopback answer on a busy machine.
const FAST = { token: 'test-token', timeoutMs: 300, retries: 2, backoffMs: 5, maxRetryDelayMs: 1500 };
const GET: RemoteRequest = { method: 'GET', path: ['things', '1'], accept: 'application/json', maxBytes: 1024 };

async function failure(promise: Promise<unknown>): Promise<IntegrationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof IntegrationError)) throw new Error(`expected an IntegrationError, got ${String(error)}`);
  return error;
}

describe('RemoteApi: one remote JSON API over fetch', () => {
  let server: ScriptedServer;
  let api: RemoteApi;

  beforeAll(async () => {
    server = await ScriptedServer.start();
    api = new RemoteApi('civil-registry', { ...FAST, baseUrl: server.url });
  });
  afterAll(() => server.close());

  it('sends the bearer token and Accept to the path under the base URL, encoding each segment', async () => {
    server.script(json(200, { ok: true }));
    const answer = await api.send({ ...GET, path: ['persons', 'a b/c'] });
    expect(api.json(answer)).toEqual({ ok: true });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/api/v1/persons/a%20b%2Fc' });
    expect(server.requests[0].headers).toMatchObject({ authorization: 'Bearer test-token', accept: 'application/json', 'user-agent': 'theqa-platform' });
  });

  it('retries after a timeout and succeeds', async () => {
    server.script(hang(), json(200, { ok: 2 }));
    const started = Date.now();
    await expect(api.send(GET).then((a) => api.json(a))).resolves.toEqual({ ok: 2 });
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(FAST.timeoutMs - 20);
  });

  it('retries a dropped connection and 429, 502, 503 and 504', async () => {
    server.script(hangUp(), problem(429, {}), problem(502, {}), problem(503, {}), problem(504, {}), json(200, { ok: 3 }));
    const patient = new RemoteApi('civil-registry', { ...FAST, baseUrl: server.url, retries: 5 });
    await expect(patient.send(GET).then((a) => patient.json(a))).resolves.toEqual({ ok: 3 });
    expect(server.requests).toHaveLength(6);
  });

  it('gives up after its retries: unavailable, retryable, with the default Retry-After and the last problem', async () => {
    server.script(problem(503, { type: 'urn:example:maintenance', title: 'Down for maintenance' }));
    const patient = new RemoteApi('civil-registry', { ...FAST, baseUrl: server.url, defaultRetryAfterSeconds: 17 });
    const error = await failure(patient.send(GET));
    expect(server.requests).toHaveLength(3);
    expect(error).toMatchObject({ code: 'registry-unavailable', kind: 'unavailable', retryable: true, retryAfterSeconds: 17, details: { attempts: 3, status: 503 } });
    expect(error.message).toBe('the civil registry is unavailable: HTTP 503 urn:example:maintenance: Down for maintenance (3 attempts)');
  });

  it('gives up on a remote that never answers, saying so', async () => {
    server.script(hang());
    const error = await failure(new RemoteApi('sms', { ...FAST, baseUrl: server.url, timeoutMs: 100, retries: 1 }).send(GET));
    expect(error).toMatchObject({ code: 'sms-unavailable', retryAfterSeconds: 30 });
    expect(error.message).toBe('the SMS gateway is unavailable: no answer within 100 ms (2 attempts)');
    expect(server.requests).toHaveLength(2);
  });

  it('reports a remote nobody listens on as unreachable', async () => {
    const closed = await ScriptedServer.start();
    await closed.close();
    const error = await failure(new RemoteApi('face-match', { ...FAST, baseUrl: closed.url, retries: 1 }).send(GET));
    expect(error).toMatchObject({ code: 'face-match-unavailable', retryable: true });
    expect(error.message).toMatch(/^the face matching service is unavailable: unreachable \(ECONNREFUSED\) \(2 attempts\)$/);
  });

  it('honours Retry-After: waits as long as the remote asks before trying again', async () => {
    server.script(problem(503, {}, { 'retry-after': '1' }), json(200, { ok: 4 }));
    const started = Date.now();
    await expect(api.send(GET).then((a) => api.json(a))).resolves.toEqual({ ok: 4 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(2);
  });

  it('does not wait longer than its bound: fails at once, passing the remote’s Retry-After on', async () => {
    server.script(problem(429, { title: 'Slow down' }, { 'retry-after': '120' }));
    const started = Date.now();
    const error = await failure(api.send(GET));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ code: 'registry-unavailable', retryAfterSeconds: 120, details: { attempts: 1, status: 429 } });
  });

  it('does not retry a 4xx other than 429, and reads its problem document into the error', async () => {
    for (const status of [400, 401, 403, 404, 422]) {
      server.script(problem(status, { type: 'urn:example:refused', title: 'Refused', detail: 'the token has expired', trace: 'abc' }));
      const error = await failure(api.send(GET));
      expect(server.requests).toHaveLength(1);
      expect(error).toMatchObject({ code: 'registry-rejected', kind: 'rejected', retryable: false, retryAfterSeconds: undefined });
      expect(error.details).toEqual({ status, problem: { status, type: 'urn:example:refused', title: 'Refused', detail: 'the token has expired', trace: 'abc' } });
      expect(error.message).toBe(`the civil registry refused the request: HTTP ${status} urn:example:refused: Refused — the token has expired`);
    }
  });

  it('does not retry a 500 (the request may be what breaks it), but reports the system unavailable', async () => {
    server.script(problem(500, { title: 'Internal error' }));
    const error = await failure(api.send(GET));
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ code: 'registry-unavailable', retryAfterSeconds: 30 });
  });

  it('never follows a redirect (the token would go with it)', async () => {
    server.script(raw(302, 'text/plain', '', { location: 'http://127.0.0.1:1/elsewhere' }));
    await expect(failure(api.send(GET))).resolves.toMatchObject({ code: 'registry-rejected', details: { status: 302 } });
    expect(server.requests).toHaveLength(1);
  });

  it('calls malformed JSON, another content type and an oversized answer by their names', async () => {
    server.script(raw(200, 'application/json', '{"civil_number": "123'));
    const malformed = await failure(api.send(GET).then((a) => api.json(a)));
    expect(malformed).toMatchObject({ code: 'registry-answer-invalid', kind: 'answer-invalid', retryable: false });
    expect(malformed.message).toBe('the civil registry answered with malformed JSON');
    server.script(raw(200, 'text/html', '<html>login</html>'));
    await expect(failure(api.send(GET).then((a) => api.json(a)))).resolves.toMatchObject({ message: 'the civil registry answered text/html where JSON was expected' });
    server.script(raw(200, 'application/json', JSON.stringify({ padding: 'x'.repeat(2000) })));
    await expect(failure(api.send(GET))).resolves.toMatchObject({ code: 'registry-answer-invalid', message: 'the civil registry answered with more than 1024 bytes' });
  });

  it('retries a POST only when it is idempotent or carries an idempotency key, repeating the key', async () => {
    server.script(problem(503, {}));
    await failure(api.send({ ...GET, method: 'POST', json: { a: 1 } }));
    expect(server.requests).toHaveLength(1);
    server.script(hang(), problem(409, { title: 'still processing' }), json(201, { id: 'm-1' }));
    const answer = await api.send({ ...GET, method: 'POST', json: { a: 1 }, idempotencyKey: 'key-1' });
    expect(api.json(answer)).toEqual({ id: 'm-1' });
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual(['"key-1"', '"key-1"', '"key-1"']);
    expect(server.requests.map((r) => JSON.parse(r.body.toString()))).toEqual([{ a: 1 }, { a: 1 }, { a: 1 }]);
    expect(server.requests[0].headers['content-type']).toBe('application/json');
    server.script(problem(409, { title: 'conflict' }));
    await failure(api.send({ ...GET, method: 'POST', json: { a: 1 }, idempotent: true }));
    expect(server.requests).toHaveLength(1);
  });
});

describe('retry timing', () => {
  it('reads Retry-After as seconds or an HTTP date, and ignores anything else', () => {
    const now = Date.parse('2026-03-01T08:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Sun, 01 Mar 2026 08:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 01 Mar 2026 07:00:00 GMT', now)).toBe(0);
    for (const bad of [null, '', '1.5', '-3', 'soon', '2026-03-01']) expect(retryAfterMs(bad, now)).toBeUndefined();
  });

  it('backs off exponentially, between half and all of each step, within the bound', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, 100, 10_000, () => 0))).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, 100, 10_000, () => 0.999999))).toEqual([100, 200, 400, 800]);
    expect(backoffDelayMs(20, 100, 5000, () => 1)).toBe(5000);
  });
});

describe('endpoint options', () => {
  const valid = { baseUrl: 'https://registry.example/theqa/v1', token: 'abc.DEF-123_~+/=' };

  it('fill in defaults and make the base URL a directory', () => {
    expect(resolveEndpoint('the civil registry', valid)).toMatchObject({ timeoutMs: 5000, retries: 2, backoffMs: 200, maxRetryDelayMs: 5000, defaultRetryAfterSeconds: 30 });
    expect(resolveEndpoint('x', valid).base.href).toBe('https://registry.example/theqa/v1/');
  });

  it.each([
    [{ baseUrl: 'registry.example' }, /baseUrl is not a URL/],
    [{ baseUrl: 'ftp://registry.example/' }, /http or https/],
    [{ baseUrl: 'https://user:pw@registry.example/' }, /credentials/],
    [{ token: '' }, /token must be a bearer token/],
    [{ token: 'abc\r\nx-injected: 1' }, /token must be a bearer token/],
    [{ timeoutMs: 0 }, /timeoutMs must be a whole number from 1/],
    [{ retries: -1 }, /retries must be/],
    [{ retries: 1.5 }, /retries must be/],
  ])('refuse %j', (change, message) => {
    expect(() => resolveEndpoint('the civil registry', { ...valid, ...change })).toThrow(message);
  });
});

describe('problem documents', () => {
  it('are read from application/problem+json only, keeping standard members of the right type and plain extensions', () => {
    const body = Buffer.from(JSON.stringify({ type: 'urn:x', title: 5, detail: 'd', status: '404', image: 'selfie', nested: { a: 1 } }));
    expect(readProblem('application/problem+json; charset=utf-8', body)).toEqual({ type: 'urn:x', detail: 'd', image: 'selfie' });
    expect(readProblem('application/json', body)).toBeUndefined();
    expect(readProblem('application/problem+json', Buffer.from('not json'))).toBeUndefined();
  });
});
