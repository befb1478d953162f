/**
 * How an ID card is laid out over PKCS#11. A real card has one PIN per key (PIN1 guards the
 * authentication key, PIN2 the signing key) and OpenSC shows such a card as one slot per PIN; a PKCS#11
 * token has exactly one user PIN. So a card is two tokens, as OpenSC presents it:
 *
 *   "<card> (PIN1)": user PIN = PIN1, SO PIN = PUK; key pair + certificate `authentication`
 *   "<card> (PIN2)": user PIN = PIN2, SO PIN = PUK; key pair + certificate `signing`
 *
 * and on each, public objects the app keeps: the MAC key of the try counters and the counters (PIN and
 * PUK) themselves, because SoftHSM (the chip's stand-in) counts no wrong PINs (see try-counter.ts).
 * The PUK is the SO PIN: C_InitPIN under it is how PKCS#11 sets a new user PIN, i.e. unblocks.
 */
export type CardKey = 'authentication' | 'signing';

export const CARD_KEYS: readonly CardKey[] = ['authentication', 'signing'];

/** The PIN that guards each key, as the card's holder knows them. */
export const PIN_OF: Readonly<Record<CardKey, 'pin1' | 'pin2'>> = { authentication: 'pin1', signing: 'pin2' };

export const KEY_OF_PIN: Readonly<Record<'pin1' | 'pin2', CardKey>> = { pin1: 'authentication', pin2: 'signing' };

const SUFFIX: Readonly<Record<CardKey, string>> = { authentication: ' (PIN1)', signing: ' (PIN2)' };

/** CK_TOKEN_INFO's label is 32 bytes; the suffix takes 7 of them. */
export const MAX_CARD_LABEL_BYTES = 25;

export function tokenLabel(card: string, key: CardKey): string {
  return card + SUFFIX[key];
}

/** The card label and key of a token label, or undefined for a token that is not a card's. */
export function cardOfToken(label: string): { card: string; key: CardKey } | undefined {
  for (const key of CARD_KEYS) if (label.endsWith(SUFFIX[key]) && label.length > SUFFIX[key].length) return { card: label.slice(0, -SUFFIX[key].length), key };
  return undefined;
}

/** Object labels on each token (the key pair and certificate share one CKA_ID as well). */
export const OBJECT = {
  key: (key: CardKey) => key,
  certificate: (key: CardKey) => key,
  counterKey: 'try-counter-key',
  pinCounter: 'pin-try-counter',
  pukCounter: 'puk-try-counter',
} as const;

/** CKA_APPLICATION of the app's data objects. */
export const APPLICATION = 'theqa-card';

/** As on the card: three wrong PINs block the PIN; three wrong PUKs block the PUK for good. */
export const MAX_TRIES = 3;

export const PIN_PATTERN = /^\d{6}$/;
export const PUK_PATTERN = /^\d{8}$/;
