import type { Bilingual } from '@theqa/kernel';

/**
 * The PIN rules the wallet applies before a PIN leaves the user's hands and the server applies again
 * (against the PIN proof, see pin-proof.ts) so that a modified wallet cannot set a trivial PIN.
 */
export const PIN_LENGTH = 6;

/** What makes a PIN guessable for this person: facts an attacker holding the phone can learn. */
export interface PinContext {
  civilNumber: string;
  /** YYYY-MM-DD */
  dateOfBirth?: string;
  /** E.164, e.g. +96891234567 */
  phoneNumber?: string;
}

export type PinRefusal = 'pin-format' | 'pin-trivial';

/** Every PIN the rules refuse for this person: repeated and sequential digits, repeated pairs and triples, the birth date, any six consecutive digits of the civil and phone numbers. */
export function trivialPins(context: PinContext): Set<string> {
  const pins = new Set<string>();
  for (let d = 0; d <= 9; d++) pins.add(String(d).repeat(PIN_LENGTH));
  const ascending = '01234567890123456789';
  const descending = '98765432109876543210';
  for (let i = 0; i < 10; i++) {
    pins.add(ascending.slice(i, i + PIN_LENGTH));
    pins.add(descending.slice(i, i + PIN_LENGTH));
  }
  for (let n = 0; n < 100; n++) pins.add(String(n).padStart(2, '0').repeat(3));
  for (let n = 0; n < 1000; n++) pins.add(String(n).padStart(3, '0').repeat(2));
  const birth = /^(\d{2})(\d{2})-(\d{2})-(\d{2})$/.exec(context.dateOfBirth ?? '');
  if (birth) {
    const [, cc, yy, mm, dd] = birth;
    for (const pin of [dd + mm + yy, yy + mm + dd, mm + dd + yy, cc + yy + mm, mm + cc + yy, dd + mm + cc]) pins.add(pin);
  }
  // Every window of six digits: a phone number in E.164 ends with the national number, so its windows
  // include the ones people type (+968 95882839 → 958828, the national number's first six).
  for (const digits of [context.civilNumber, context.phoneNumber?.replace(/\D/g, '')]) {
    for (let i = 0; digits && i + PIN_LENGTH <= digits.length; i++) pins.add(digits.slice(i, i + PIN_LENGTH));
  }
  return pins;
}

/** Why this PIN is refused, or undefined when it is acceptable. */
export function pinRefusal(pin: string, context: PinContext): PinRefusal | undefined {
  if (typeof pin !== 'string' || !new RegExp(`^[0-9]{${PIN_LENGTH}}$`).test(pin)) return 'pin-format';
  if (trivialPins(context).has(pin)) return 'pin-trivial';
  return undefined;
}

export const PIN_REFUSAL_MESSAGES: Record<PinRefusal, Bilingual> = {
  'pin-format': { en: 'The PIN must be exactly 6 digits.', ar: 'يجب أن يتكون الرقم السري من 6 أرقام بالضبط.' },
  'pin-trivial': {
    en: 'This PIN is too easy to guess (repeated or sequential digits, your birth date, or part of your civil or phone number). Choose another.',
    ar: 'هذا الرقم السري سهل التخمين (أرقام مكررة أو متسلسلة أو تاريخ ميلادك أو جزء من رقمك المدني أو رقم هاتفك). اختر رقماً آخر.',
  },
};
