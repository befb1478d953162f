/**
 * The card issuer's step: a blank card (two blank PKCS#11 slots) becomes a citizen's ID card. For each
 * of its two tokens: label it and set the PUK (C_InitToken, the SO PIN), set the PIN (C_InitPIN), make
 * the try counters' MAC key and the counters, generate the key pair ON the token, prove possession to
 * the CA with a PKCS#10 request signed there, and store the certificate the CA issued beside the key.
 *
 * All or nothing, as far as PKCS#11 allows: a failure anywhere (a token error, the CA refusing the
 * second certificate) re-initialises every token this personalisation initialised, under the PUK, to the
 * label `spoilt card` — C_InitToken destroys every object on it (keys, certificates, counters) and unsets
 * the PIN — so no half card remains under the card's label and the same label can be personalised again.
 * PKCS#11 has no way back to a blank (uninitialised) token: a spoilt token stays used, as a chip would.
 *
 * One personalisation at a time per reader (a lock per PKCS#11 module, card-lock.ts), so that the check
 * that the label is free and the choice of a blank slot never interleave with another personalisation's.
 *
 * The CA and the civil registry are the caller's (`issue`): this library knows tokens, not the platform.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { SessionFlag, UserType, type Module, type Session } from 'graphene-pk11';
import { buildCertificationRequest } from '@theqa/ca';
import { ecdsaRawToDer, releaseModule, type EcKeyAlgorithm } from '@theqa/keys';
import { CardError, tokenReason } from './card-error';
import { CARD_KEYS, MAX_CARD_LABEL_BYTES, PIN_PATTERN, PUK_PATTERN, tokenLabel, type CardKey } from './card-layout';
import { withTokenLock } from './card-lock';
import { closeQuietly, isInitialised, loadModule, tokensOf } from './card-token';
import { generateCardKey, signDigest, storeCertificate } from './card-keys';
import { createCounterKey, writeCounter } from './try-counter';

export interface Personalisation {
  module: string;
  /** The card's label: its tokens are "<card> (PIN1)" and "<card> (PIN2)". */
  card: string;
  pin1: string;
  pin2: string;
  puk: string;
  /** P-256 by default: what the card-authentication profile and the qualified signing profile both accept. */
  keyAlgorithm?: EcKeyAlgorithm;
  /** Where the reader's lock file is (default: the system's temporary folder); see card-lock.ts. */
  lockDirectory?: string;
}

/** The CA's issuance of the certificate of one of the card's keys, from the request made on the card. */
export type CardCertificateIssuer = (key: CardKey, csr: Buffer) => Promise<Buffer>;

export interface PersonalisedToken {
  key: CardKey;
  label: string;
  serial: string;
  certificate: Buffer;
}

const CARD_LABEL = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;

/** Checks what can be checked before the registry and the CA are asked (and before a slot is touched). */
export function assertPersonalisation(input: Omit<Personalisation, 'module'>): void {
  if (!CARD_LABEL.test(input.card) || Buffer.byteLength(input.card) > MAX_CARD_LABEL_BYTES) {
    throw new CardError('usage', `the card label must be 1–${MAX_CARD_LABEL_BYTES} letters, digits, spaces, dots, dashes or underscores`);
  }
  if (!PIN_PATTERN.test(input.pin1) || !PIN_PATTERN.test(input.pin2)) throw new CardError('pin-format');
  if (input.pin1 === input.pin2) throw new CardError('usage', 'PIN1 and PIN2 must differ');
  if (!PUK_PATTERN.test(input.puk)) throw new CardError('puk-format');
}

/** What a token whose personalisation failed is re-initialised to: empty, and never a card's label. */
export const SPOILT_TOKEN_LABEL = 'spoilt card';

/** A personalisation holds the reader while the CA issues two certificates: longer than a card operation. */
const READER_WAIT_MS = 120_000;

export async function personaliseCard(input: Personalisation, issue: CardCertificateIssuer): Promise<PersonalisedToken[]> {
  assertPersonalisation(input);
  return withTokenLock(readerLockName(input.module), () => personaliseLocked(input, issue), input.lockDirectory, READER_WAIT_MS);
}

async function personaliseLocked(input: Personalisation, issue: CardCertificateIssuer): Promise<PersonalisedToken[]> {
  // Loaded under the lock: a module this process initialises now sees what earlier personalisations made.
  const module = loadModule(input.module);
  const initialised: string[] = [];
  try {
    const existing = tokensOf(module).filter(isInitialised).map((t) => t.label);
    const taken = CARD_KEYS.map((key) => tokenLabel(input.card, key)).filter((label) => existing.includes(label));
    if (taken.length) throw new CardError('card-exists', taken.map((l) => `"${l}"`).join(', '));
    const done: PersonalisedToken[] = [];
    for (const key of CARD_KEYS) done.push(await personaliseToken(module, input, key, issue, initialised));
    return done;
  } catch (error) {
    const left = spoil(module, input.puk, initialised);
    if (left.length === 0) throw error;
    const first = error instanceof Error ? error.message : String(error);
    throw new CardError('token-error', `${first}; and the personalisation could not be undone on ${left.join(', ')}`, { personalised_in_part: left });
  } finally {
    releaseModule(module);
  }
}

/** The lock of a reader: one per PKCS#11 module (the slots a personalisation chooses among). */
function readerLockName(module: string): string {
  return `reader-${createHash('sha256').update(path.resolve(module)).digest('hex').slice(0, 16)}`;
}

/**
 * Undoes a failed personalisation: each token it initialised is initialised again under the PUK (C_InitToken
 * destroys every object on the token) with the spoilt label. Returns the labels it could not reset.
 */
function spoil(module: Module, puk: string, labels: readonly string[]): string[] {
  const left: string[] = [];
  for (const label of labels) {
    for (const token of tokensOf(module).filter((t) => t.label === label)) {
      try {
        module.lib.C_InitToken(token.slot.handle, puk, SPOILT_TOKEN_LABEL.padEnd(32, ' '));
      } catch {
        left.push(label);
      }
    }
  }
  return left;
}

async function personaliseToken(module: Module, input: Personalisation, key: CardKey, issue: CardCertificateIssuer, initialised: string[]): Promise<PersonalisedToken> {
  const blank = tokensOf(module).find((t) => !isInitialised(t));
  if (!blank) throw new CardError('card-blank-slot-missing');
  const label = tokenLabel(input.card, key);
  const pin = key === 'authentication' ? input.pin1 : input.pin2;
  try {
    // pkcs11js passes the label as given; CK_TOKEN_INFO wants it blank-padded to 32 bytes.
    module.lib.C_InitToken(blank.slot.handle, input.puk, label.padEnd(32, ' '));
  } catch (error) {
    throw new CardError('token-error', `could not initialise ${label}: ${tokenReason(error)}`);
  }
  initialised.push(label);
  // C_InitToken gives the token its serial (and SoftHSM a new slot id); find it again by its label.
  const found = tokensOf(module).filter((t) => t.label === label);
  if (found.length !== 1) throw new CardError('token-error', `${found.length} tokens labelled ${label} after initialisation`);
  const [slot] = found;
  let opened: Session | undefined;
  try {
    const session = (opened = slot.slot.open(SessionFlag.SERIAL_SESSION | SessionFlag.RW_SESSION));
    session.login(input.puk, UserType.SO);
    session.initPin(pin);
    createCounterKey(session);
    writeCounter(session, slot.serial, 'pin', { generation: 1, failures: 0 });
    writeCounter(session, slot.serial, 'puk', { generation: 1, failures: 0 });
    session.logout();
    session.login(pin, UserType.USER);
    const pair = await generateCardKey(session, key, input.keyAlgorithm ?? 'ec-p256');
    const hash = pair.algorithm === 'ec-p384' ? 'sha384' : 'sha256';
    const csr = await buildCertificationRequest({
      publicKeySpki: pair.spki,
      signatureAlgorithm: hash === 'sha384' ? 'ecdsa-with-SHA384' : 'ecdsa-with-SHA256',
      sign: async (data) => ecdsaRawToDer(await signDigest(session, pair, createHash(hash).update(data).digest(), pin)),
    });
    const certificate = await issue(key, csr);
    storeCertificate(session, key, pair.id, certificate);
    return { key, label, serial: slot.serial, certificate };
  } catch (error) {
    throw error instanceof CardError || !isTokenFailure(error) ? error : new CardError('token-error', `${label}: ${tokenReason(error)}`);
  } finally {
    closeQuietly(opened);
  }
}

const isTokenFailure = (error: unknown) => error instanceof Error && /CKR_[A-Z0-9_]+/.test(error.message);
