import { IntegrationError } from '../errors';
import { SyntheticCivilRegistry } from '../registry/synthetic/synthetic-civil-registry';
import { OutboxSmsGateway } from './outbox-sms-gateway';
import { normalizePhoneNumber, parseMobileNumber } from './phone-number';
import { InMemorySmsOutbox } from './sms-outbox';
import { MAX_SMS_SEGMENTS, smsEncoding } from './sms-text';

const reason = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error instanceof IntegrationError ? `${error.code}/${String(error.details.reason)}` : error;
  }
  return 'accepted';
};

describe('mobile numbers', () => {
  it.each([
    ['+96891234567', 'OM'],
    ['+96871234567', 'OM'],
    ['+971501234567', 'AE'],
    ['+966512345678', 'SA'],
    ['+97433123456', 'QA'],
    ['+97336123456', 'BH'],
    ['+96551234567', 'KW'],
  ])('accepts %s (%s)', (number, country) => {
    expect(parseMobileNumber(number)).toEqual({ e164: number, country });
  });

  it.each([
    ['96891234567', 'not-e164'],
    ['+968 9123 4567', 'not-e164'],
    ['', 'not-e164'],
    ['+96891234567x', 'not-e164'],
    ['+447700900123', 'country-not-served'],
    ['+12025550123', 'country-not-served'],
    ['+96824123456', 'not-a-mobile-number'], // a Muscat landline
    ['+9689123456', 'not-a-mobile-number'], // a digit short
    ['+968912345678', 'not-a-mobile-number'], // a digit long
    ['+971401234567', 'not-a-mobile-number'],
  ])('refuses %s: %s', (number, why) => {
    expect(reason(() => parseMobileNumber(number))).toBe(`phone-number-invalid/${why}`);
  });

  it('normalises what people type', () => {
    for (const typed of ['9123 4567', '+968 9123 4567', '00968-9123-4567', '(+968) 9123.4567', '91234567']) {
      expect(normalizePhoneNumber(typed).e164).toBe('+96891234567');
    }
    expect(reason(() => normalizePhoneNumber('2412 3456'))).toBe('phone-number-invalid/not-a-mobile-number');
  });

  it('accepts every phone number on record in the synthetic registry as Omani', () => {
    const countries = new SyntheticCivilRegistry({ referenceDate: '2026-01-01' }).listPersons().map((p) => parseMobileNumber(p.phone_number).country);
    expect(new Set(countries)).toEqual(new Set(['OM']));
  });
});

describe('SMS texts', () => {
  it('counts GSM-7 and UCS-2 segments as operators bill them', () => {
    expect(smsEncoding('Your Theqa code is 482913')).toEqual({ encoding: 'gsm-7', segments: 1 });
    expect(smsEncoding('a'.repeat(160))).toEqual({ encoding: 'gsm-7', segments: 1 });
    expect(smsEncoding('a'.repeat(161))).toEqual({ encoding: 'gsm-7', segments: 2 });
    expect(smsEncoding('€'.repeat(80))).toEqual({ encoding: 'gsm-7', segments: 1 });
    expect(smsEncoding('€'.repeat(81))).toEqual({ encoding: 'gsm-7', segments: 2 });
    expect(smsEncoding('رمز التحقق: 482913')).toEqual({ encoding: 'ucs-2', segments: 1 });
    expect(smsEncoding('ر'.repeat(70))).toEqual({ encoding: 'ucs-2', segments: 1 });
    expect(smsEncoding('ر'.repeat(71))).toEqual({ encoding: 'ucs-2', segments: 2 });
  });
});

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

describe('IntegrationError', () => {
  it('names the system and whether trying again may help', () => {
    expect(new IntegrationError('sms-unavailable', 'gateway timed out')).toMatchObject({ system: 'sms', retryable: true });
    expect(new IntegrationError('registry-unavailable', '503')).toMatchObject({ system: 'civil-registry', retryable: true });
    expect(new IntegrationError('phone-number-invalid', 'x')).toMatchObject({ system: 'sms', retryable: false });
    expect(new IntegrationError('card-data-malformed', 'x')).toMatchObject({ system: 'card-data', retryable: false });
  });
});
