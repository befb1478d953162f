import { IntegrationError } from '../errors';
import { normalizePhoneNumber, parseMobileNumber } from './phone-number';
import { checkSmsRequest } from './sms-gateway';
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

describe('checkSmsRequest (what every gateway checks before sending)', () => {
  it('accepts a message and tells its encoding', () => {
    expect(checkSmsRequest({ to: '+96891234567', text: 'رمز التحقق: 482913', purpose: 'enrolment.otp' })).toEqual({ encoding: 'ucs-2', segments: 1 });
  });

  it.each([
    [{ to: '91234567', text: 'code', purpose: 'enrolment.otp' }, 'phone-number-invalid'],
    [{ to: '+447700900123', text: 'code', purpose: 'enrolment.otp' }, 'phone-number-invalid'],
    [{ to: '+96891234567', text: '   ', purpose: 'enrolment.otp' }, 'sms-text-invalid'],
    [{ to: '+96891234567', text: 'ر'.repeat(67 * MAX_SMS_SEGMENTS + 1), purpose: 'enrolment.otp' }, 'sms-text-invalid'],
    [{ to: '+96891234567', text: 'code', purpose: 'Enrolment OTP' }, 'sms-purpose-invalid'],
  ])('refuses %j: %s', (request, code) => {
    expect(() => checkSmsRequest(request)).toThrow(expect.objectContaining({ name: 'IntegrationError', code, system: 'sms', retryable: false }));
  });
});

describe('IntegrationError', () => {
  it('names the system and whether trying again may help', () => {
    expect(new IntegrationError('sms-unavailable', 'gateway timed out')).toMatchObject({ system: 'sms', retryable: true });
    expect(new IntegrationError('registry-unavailable', '503')).toMatchObject({ system: 'civil-registry', retryable: true });
    expect(new IntegrationError('phone-number-invalid', 'x')).toMatchObject({ system: 'sms', retryable: false });
    expect(new IntegrationError('card-data-malformed', 'x')).toMatchObject({ system: 'card-data', retryable: false });
  });

  it('says what kind of failure it is, and carries the time to try again when the system is unavailable', () => {
    expect(new IntegrationError('registry-unavailable', 'x', {}, { retryAfterSeconds: 7 })).toMatchObject({ kind: 'unavailable', retryAfterSeconds: 7 });
    expect(new IntegrationError('sms-rejected', 'x')).toMatchObject({ kind: 'rejected', system: 'sms', retryable: false, retryAfterSeconds: undefined });
    expect(new IntegrationError('face-match-answer-invalid', 'x')).toMatchObject({ kind: 'answer-invalid', system: 'face-match', retryable: false });
    expect(new IntegrationError('image-unreadable', 'x')).toMatchObject({ kind: 'input', retryable: false });
    const cause = new Error('socket hang up');
    expect(new IntegrationError('push-unavailable', 'x', {}, { cause }).cause).toBe(cause);
  });
});
