import { IntegrationError } from '../errors';

// GSM 03.38: the default alphabet (one septet) and its extension table (two). Any other character,
// Arabic included, sends the whole message as UCS-2.
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENDED = new Set('^{}\\[~]|€');

/** Longest text the gateway accepts: beyond this, a message is a letter, not an SMS. */
export const MAX_SMS_SEGMENTS = 6;

export interface SmsEncoding {
  encoding: 'gsm-7' | 'ucs-2';
  /** How many SMS the text is split into (concatenated SMS lose room to their header). */
  segments: number;
}

export function smsEncoding(text: string): SmsEncoding {
  let septets = 0;
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_EXTENDED.has(ch)) septets += 2;
    else {
      const units = text.length; // UTF-16 code units: what UCS-2 (really UTF-16) sends
      return { encoding: 'ucs-2', segments: units <= 70 ? 1 : Math.ceil(units / 67) };
    }
  }
  return { encoding: 'gsm-7', segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
}

/** Refuses empty texts and texts longer than `MAX_SMS_SEGMENTS` segments. */
export function checkSmsText(text: unknown): SmsEncoding {
  if (typeof text !== 'string' || text.trim() === '') throw new IntegrationError('sms-text-invalid', 'an SMS needs a text');
  const encoding = smsEncoding(text);
  if (encoding.segments > MAX_SMS_SEGMENTS) {
    throw new IntegrationError('sms-text-invalid', `an SMS may be at most ${MAX_SMS_SEGMENTS} segments`, { ...encoding });
  }
  return encoding;
}
