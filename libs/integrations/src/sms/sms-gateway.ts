import { IntegrationError } from '../errors';
import { parseMobileNumber } from './phone-number';
import { checkSmsText, type SmsEncoding } from './sms-text';

/**
 * The SMS gateway: one-time codes and notices to a mobile number. The caller writes the text in the
 * language(s) it wants (Arabic first, English second is the platform's habit); the gateway does not
 * translate. Refusals: `phone-number-invalid`, `sms-text-invalid`, `sms-purpose-invalid`; an
 * unreachable gateway is `sms-unavailable` (retryable).
 */
export interface SmsGateway {
  /** Returns the gateway's message id. */
  send(request: SmsRequest): Promise<string>;
}

export interface SmsRequest {
  /** E.164 mobile number of Oman or another GCC country (`normalizePhoneNumber` for typed input). */
  to: string;
  text: string;
  /** Why it is sent, e.g. `enrolment.otp`, `upgrade.otp`, `pin-reset.otp`: for reports and for reading the dev outbox. */
  purpose: string;
}

/** A message as sent: what the outbox keeps. */
export interface SmsMessage extends SmsRequest, SmsEncoding {
  id: string;
  /** ISO 8601 instant. */
  sentAt: string;
}

const PURPOSE = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/;

/** Every check a gateway makes before accepting a message: production adapters call it too. */
export function checkSmsRequest(request: SmsRequest): SmsEncoding {
  parseMobileNumber(request.to);
  if (typeof request.purpose !== 'string' || request.purpose.length > 64 || !PURPOSE.test(request.purpose)) {
    throw new IntegrationError('sms-purpose-invalid', 'an SMS purpose is a short lowercase name such as enrolment.otp');
  }
  return checkSmsText(request.text);
}
