import { hang, hangUp, json, problem, ScriptedServer } from '../../test/scripted-server';
import { HttpSmsGateway } from './http-sms-gateway';

const FAST = { token: 'sms-token', timeoutMs: 300, retries: 2, backoffMs: 5 };
const message = { to: '+96891234567', text: 'رمز التحقق: 482913\nYour code: 482913', purpose: 'enrolment-otp' };
const UUID_KEY = /^"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$/;

describe('HttpSmsGateway', () => {
  let server: ScriptedServer;
  let sms: HttpSmsGateway;

  beforeAll(async () => {
    server = await ScriptedServer.start();
    sms = new HttpSmsGateway({ ...FAST, baseUrl: server.url });
  });
  afterAll(() => server.close());

  it('posts the message with an idempotency key and returns the gateway’s id', async () => {
    server.script(json(201, { id: 'gw-481516' }));
    await expect(sms.send(message)).resolves.toBe('gw-481516');
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/api/v1/messages' });
    expect(JSON.parse(server.requests[0].body.toString())).toEqual(message);
    expect(server.requests[0].headers['idempotency-key']).toMatch(UUID_KEY);
  });

  it('repeats the same key on every retry, so a lost answer never sends twice; the next send has its own', async () => {
    server.script(hangUp(), hang(), json(201, { id: 'gw-1' }));
    await expect(sms.send(message)).resolves.toBe('gw-1');
    const keys = server.requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    server.script(json(201, { id: 'gw-2' }));
    await sms.send(message);
    expect(server.requests[0].headers['idempotency-key']).not.toBe(keys[0]);
  });

  it('checks the message before sending anything', async () => {
    server.requests.length = 0;
    await expect(sms.send({ ...message, to: '+447700900123' })).rejects.toMatchObject({ code: 'phone-number-invalid' });
    await expect(sms.send({ ...message, purpose: 'Enrolment OTP' })).rejects.toMatchObject({ code: 'sms-purpose-invalid' });
    expect(server.requests).toHaveLength(0);
  });

  it('is unavailable after its retries, rejected on a 4xx, and refuses an answer without an id', async () => {
    server.script(problem(503, { title: 'Operator link down' }, { 'retry-after': '0' }));
    await expect(sms.send(message)).rejects.toMatchObject({ code: 'sms-unavailable', retryable: true, retryAfterSeconds: 1, details: { attempts: 3 } });
    server.script(problem(401, { title: 'Bad token' }));
    await expect(sms.send(message)).rejects.toMatchObject({ code: 'sms-rejected', details: { status: 401, problem: { title: 'Bad token' } } });
    expect(server.requests).toHaveLength(1);
    server.script(json(201, { status: 'queued' }));
    await expect(sms.send(message)).rejects.toMatchObject({ code: 'sms-answer-invalid', message: 'the SMS gateway answered without a message id' });
  });
});
