/**
 * Presenting PIN1, PIN2 or the PUK to a card token, with the card's rules: the format is checked before
 * anything is counted (a PIN of the wrong length never reaches a chip); three wrong tries block.
 */
import { UserType } from 'graphene-pk11';
import { CardError, tokenReason } from './card-error';
import { MAX_TRIES, PIN_PATTERN, PUK_PATTERN } from './card-layout';
import type { OpenToken } from './card-token';
import { readCounter, writeCounter, type CounterName } from './try-counter';

/** Logs the holder in to the token with the PIN (PIN1 on the authentication token, PIN2 on the signing one). */
export function presentPin(token: OpenToken, pin: string): void {
  if (!PIN_PATTERN.test(pin)) throw new CardError('pin-format');
  counted(token, 'pin', () => token.session.login(pin, UserType.USER));
}

/**
 * Unblocks the token's PIN with the PUK: logs in as the security officer (the PUK is the SO PIN), sets
 * the new PIN (C_InitPIN) and clears the PIN's try counter. The PUK has its own three tries.
 */
export function unblockPin(token: OpenToken, puk: string, newPin: string): void {
  if (!PUK_PATTERN.test(puk)) throw new CardError('puk-format');
  if (!PIN_PATTERN.test(newPin)) throw new CardError('pin-format');
  counted(token, 'puk', () => token.session.login(puk, UserType.SO));
  try {
    token.session.initPin(newPin);
    const pin = readCounter(token.session, token.serial, 'pin');
    writeCounter(token.session, token.serial, 'pin', { generation: pin.generation + 1, failures: 0 });
  } catch (error) {
    throw error instanceof CardError ? error : new CardError('token-error', tokenReason(error));
  } finally {
    token.session.logout();
  }
}

/** The try, between spending it and (on success) giving back every try. */
function counted(token: OpenToken, name: CounterName, login: () => void): void {
  const { session, serial } = token;
  const state = readCounter(session, serial, name);
  if (state.failures >= MAX_TRIES) throw new CardError(blocked(name));
  const spent = { generation: state.generation + 1, failures: state.failures + 1 };
  writeCounter(session, serial, name, spent);
  try {
    login();
  } catch (error) {
    const reason = tokenReason(error);
    if (/CKR_PIN_(INCORRECT|INVALID|LEN_RANGE)/.test(reason)) {
      const remaining = MAX_TRIES - spent.failures;
      if (remaining <= 0) throw new CardError(blocked(name), undefined, { remaining_attempts: 0 });
      throw new CardError(name === 'pin' ? 'pin-incorrect' : 'puk-incorrect', undefined, { remaining_attempts: remaining });
    }
    if (reason === 'CKR_PIN_LOCKED') throw new CardError(blocked(name), undefined, { remaining_attempts: 0 });
    throw new CardError('token-error', reason);
  }
  writeCounter(session, serial, name, { generation: spent.generation + 1, failures: 0 });
}

const blocked = (name: CounterName) => (name === 'pin' ? 'pin-blocked' : 'puk-blocked');
