import type { Bilingual } from '@theqa/kernel';
import type { CivilRegistry } from '@theqa/integrations';

/**
 * The civil registry's word on the card's holder, after the card's token validated: a certificate lives
 * until the card's printed expiry, but a card reported lost or replaced is cancelled in the registry at
 * once, and a deceased person's card logs nobody in. Not Web eID's checks (the validator's); the gateway's.
 */
export const CARD_HOLDER_REFUSALS = {
  'card-not-valid': {
    ar: 'بطاقتك الشخصية غير سارية في السجل المدني (ملغاة أو منتهية). استخدم بطاقتك السارية أو تطبيق ثقة.',
    en: 'Your ID card is not valid in the civil registry (cancelled or expired). Use your valid card or the Theqa app.',
  },
  'holder-not-eligible': {
    ar: 'لا يمكن تسجيل الدخول بهذه البطاقة.',
    en: 'This ID card cannot be used to log in.',
  },
  'registry-unavailable': {
    ar: 'تعذّر التحقق من البطاقة لدى السجل المدني الآن. حاول بعد قليل.',
    en: 'The ID card cannot be checked with the civil registry now. Please try again shortly.',
  },
} as const satisfies Record<string, Bilingual>;

export type CardHolderRefusalCode = keyof typeof CARD_HOLDER_REFUSALS;

/** Undefined when the registry holds the person alive with a valid card; otherwise why not. */
export async function checkCardHolder(registry: Pick<CivilRegistry, 'findPerson'>, civilNumber: string): Promise<{ code: CardHolderRefusalCode; detail: string } | undefined> {
  let person;
  try {
    person = await registry.findPerson(civilNumber);
  } catch (error) {
    return { code: 'registry-unavailable', detail: error instanceof Error ? error.message : String(error) };
  }
  // Unknown and deceased alike: nothing a card's token says about a person the registry does not hold alive.
  if (!person) return { code: 'holder-not-eligible', detail: 'the civil registry does not know the certificate\'s person' };
  if (person.date_of_death) return { code: 'holder-not-eligible', detail: 'the card holder is deceased' };
  if (person.card_status !== 'valid') return { code: 'card-not-valid', detail: `the registry's card is ${person.card_status}` };
  return undefined;
}
