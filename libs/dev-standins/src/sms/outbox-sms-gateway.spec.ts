import { MAX_SMS_SEGMENTS } from '@theqa/integrations';
import { InMemorySmsOutbox } from './in-memory-sms-outbox';
import { OutboxSmsGateway } from './outbox-sms-gateway';

describe('OutboxSmsGateway with the in-memory outbox', () => {
  const salim = '+96891234567';
  const aisha = '+96891000002';
  let outbox: InMemorySmsOutbox;
  let gateway: OutboxSmsGateway;
  let now: number;

  beforeEach(() => {
    outbox = new InMemorySmsOutbox();
    now = Date.parse('2026-03-01T08:00:00Z');
    gateway = new OutboxSmsGateway(outbox, { clock: () => new Date((now += 1000)) });
  });

  it('records what it sends, with an id, the time and the encoding', async () => {
    const text = 'رمز التحقق لثقة: 482913\nYour Theqa code: 482913';
    const id = await gateway.send({ to: salim, text, purpose: 'enrolment.otp' });
    expect(id).toMatch(/^sms-[0-9a-f-]{36}$/);
    await expect(outbox.latestFor(salim)).resolves.toEqual({
      id, to: salim, text, purpose: 'enrolment.otp', encoding: 'ucs-2', segments: 1, sentAt: '2026-03-01T08:00:01.000Z',
    });
  });

  it('lists messages oldest first, per number, and gives the latest (of a purpose)', async () => {
    const ids = [];
    ids.push(await gateway.send({ to: salim, text: 'code 111111', purpose: 'enrolment.otp' }));
    ids.push(await gateway.send({ to: aisha, text: 'code 222222', purpose: 'enrolment.otp' }));
    ids.push(await gateway.send({ to: salim, text: 'code 333333', purpose: 'upgrade.otp' }));
    ids.push(await gateway.send({ to: salim, text: 'Your PIN was changed', purpose: 'pin.changed' }));
    expect(new Set(ids).size).toBe(4);
    expect((await outbox.list(salim)).map((m) => m.text)).toEqual(['code 111111', 'code 333333', 'Your PIN was changed']);
    expect((await outbox.list()).map((m) => m.id)).toEqual(ids);
    expect((await outbox.latestFor(salim))?.text).toBe('Your PIN was changed');
    expect((await outbox.latestFor(salim, 'upgrade.otp'))?.text).toBe('code 333333');
    expect(await outbox.latestFor('+96899999999')).toBeUndefined();
  });

  it('refuses invalid numbers, texts and purposes, and records nothing then', async () => {
    const attempts = [
      { to: '91234567', text: 'code', purpose: 'enrolment.otp', code: 'phone-number-invalid' },
      { to: '+447700900123', text: 'code', purpose: 'enrolment.otp', code: 'phone-number-invalid' },
      { to: salim, text: '   ', purpose: 'enrolment.otp', code: 'sms-text-invalid' },
      { to: salim, text: 'ر'.repeat(67 * MAX_SMS_SEGMENTS + 1), purpose: 'enrolment.otp', code: 'sms-text-invalid' },
      { to: salim, text: 'code', purpose: 'Enrolment OTP', code: 'sms-purpose-invalid' },
    ];
    for (const { code, ...request } of attempts) {
      await expect(gateway.send(request)).rejects.toMatchObject({ name: 'IntegrationError', code, system: 'sms', retryable: false });
    }
    await expect(outbox.list()).resolves.toEqual([]);
  });

  it('keeps its own copies and drops the oldest beyond its capacity', async () => {
    const small = new InMemorySmsOutbox(3);
    const smallGateway = new OutboxSmsGateway(small);
    for (const n of [1, 2, 3, 4, 5]) await smallGateway.send({ to: salim, text: `message ${n}`, purpose: 'notice' });
    const listed = await small.list(salim);
    expect(listed.map((m) => m.text)).toEqual(['message 3', 'message 4', 'message 5']);
    listed[0].text = 'changed';
    expect((await small.list(salim))[0].text).toBe('message 3');
  });
});
