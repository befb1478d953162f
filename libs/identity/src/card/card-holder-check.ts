import type { Bilingual } from '@theqa/kernel';
import type { CivilRegistry } from '@theqa/integrations';

/** Which physical card a certificate was put on at personalisation (PostgresIssuedIdCards). */
export interface IssuedIdCards {
  ofCertificate(certificateSerial: string): Promise<{ civilNumber: string; cardSerialNumber: string } | undefined>;
}

export interface CardHolderSources {
  registry: Pick<CivilRegistry, 'findPerson' | 'cardStatus'>;
  /** Without it (or for a certificate it does not know) only the person's current card is asked about. */
  cards?: IssuedIdCards;
}

/**
 * The civil registry's word on the card's holder, after the card's token validated: a certificate lives
 * until the card's printed expiry, but a card reported lost or replaced is cancelled in the registry at
 * once, and a deceased person's card logs nobody in or signs. Not Web eID's checks (those are the
 * validator's): the platform's, at an ID-card login (the gateway) and an ID-card signature (the portal).
 */
export const CARD_HOLDER_REFUSALS = {
  'card-not-valid': {
    ar: 'بطاقتك الشخصية غير سارية في السجل المدني (ملغاة أو منتهية). استخدم بطاقتك السارية أو تطبيق ثقة.',
    en: 'Your ID card is not valid in the civil registry (cancelled or expired). Use your valid card or the Theqa app.',
  },
  'holder-not-eligible': {
    ar: 'لا يمكن استخدام هذه البطاقة الشخصية.',
    en: 'This ID card cannot be used.',
  },
  'registry-unavailable': {
    ar: 'تعذّر التحقق من البطاقة لدى السجل المدني الآن. حاول بعد قليل.',
    en: 'The ID card cannot be checked with the civil registry now. Please try again shortly.',
  },
} as const satisfies Record<string, Bilingual>;

export type CardHolderRefusalCode = keyof typeof CARD_HOLDER_REFUSALS;

/**
 * Undefined when the registry holds the person alive and the card valid — the very card the certificate
 * is on, when personalisation recorded it (a replaced card is cancelled even while the person's new one
 * is valid); otherwise why not.
 */
export async function checkCardHolder(sources: CardHolderSources, civilNumber: string, certificateSerial: string): Promise<{ code: CardHolderRefusalCode; detail: string } | undefined> {
  try {
    const person = await sources.registry.findPerson(civilNumber);
    // Unknown and deceased alike: nothing a card's token says about a person the registry does not hold alive.
    if (!person) return { code: 'holder-not-eligible', detail: "the civil registry does not know the certificate's person" };
    if (person.date_of_death) return { code: 'holder-not-eligible', detail: 'the card holder is deceased' };
    const card = await sources.cards?.ofCertificate(certificateSerial);
    if (card && card.civilNumber === civilNumber) {
      const report = await sources.registry.cardStatus(civilNumber, card.cardSerialNumber);
      if (report.status !== 'valid') return { code: 'card-not-valid', detail: `the registry's card ${card.cardSerialNumber} is ${report.status}` };
      return undefined;
    }
    if (person.card_status !== 'valid') return { code: 'card-not-valid', detail: `the registry's card is ${person.card_status}` };
    return undefined;
  } catch (error) {
    return { code: 'registry-unavailable', detail: error instanceof Error ? error.message : String(error) };
  }
}
