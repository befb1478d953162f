/**
 * One of a card's two tokens, opened for one operation: the module loaded (once per process, shared
 * with the platform's key store when it uses the same module), the token found by its label, a R/W
 * session, and on close a logout and the module released.
 */
import { SessionFlag, TokenFlag, type Module, type Session, type Slot } from 'graphene-pk11';
import { acquireModule, releaseModule } from '@theqa/keys';
import { CardError, tokenReason } from './card-error';
import { cardOfToken, tokenLabel, type CardKey } from './card-layout';
import { withTokenLock } from './card-lock';

export interface CardReader {
  /** Path of the PKCS#11 module: OpenSC's with a real card, SoftHSM2's for the development stand-in. */
  module: string;
  /** The card's label; may be left out when exactly one card is present. */
  card?: string;
  /** Where the per-token lock files are (default: the system's temporary folder); see card-lock.ts. */
  lockDirectory?: string;
}

export interface OpenToken {
  readonly module: Module;
  readonly slot: Slot;
  readonly session: Session;
  readonly card: string;
  readonly key: CardKey;
  readonly label: string;
  /** CK_TOKEN_INFO serialNumber: binds the try counters to this token. */
  readonly serial: string;
}

/** Runs `work` on the token of `key` of the card, and closes it whatever happens. */
export async function withCardToken<T>(reader: CardReader, key: CardKey, work: (token: OpenToken) => Promise<T> | T): Promise<T> {
  const module = loadModule(reader.module);
  try {
    const found = findCardToken(module, reader.card, key);
    // The session is logged out and closed before the lock goes: the next holder starts from a clean token.
    return await withTokenLock(
      found.serial,
      async () => {
        const session = found.slot.open(SessionFlag.SERIAL_SESSION | SessionFlag.RW_SESSION);
        try {
          return await work({ module, session, ...found });
        } finally {
          closeQuietly(session);
        }
      },
      reader.lockDirectory,
    );
  } finally {
    releaseModule(module);
  }
}

export function loadModule(library: string): Module {
  try {
    return acquireModule(library);
  } catch (error) {
    throw new CardError('module-unavailable', `${library}: ${tokenReason(error)}`);
  }
}

/** Logs out (the login belongs to the application, not the session) and closes; errors here change nothing. */
export function closeQuietly(session: Session | undefined): void {
  if (!session) return;
  try {
    session.logout();
  } catch {
    // Not logged in.
  }
  try {
    session.close();
  } catch {
    // Already closed (the module was finalised).
  }
}

export interface TokenOnSlot {
  slot: Slot;
  label: string;
  serial: string;
  flags: number;
}

/** Every slot with its token (initialised or blank). */
export function tokensOf(module: Module): TokenOnSlot[] {
  const slots = module.getSlots(true);
  const tokens: TokenOnSlot[] = [];
  for (let i = 0; i < slots.length; i++) {
    const slot = slots.items(i);
    const token = slot.getToken();
    tokens.push({ slot, label: token.label, serial: token.serialNumber, flags: token.flags });
  }
  return tokens;
}

export const isInitialised = (token: TokenOnSlot) => (token.flags & TokenFlag.TOKEN_INITIALIZED) !== 0;

function findCardToken(module: Module, card: string | undefined, key: CardKey): { slot: Slot; card: string; key: CardKey; label: string; serial: string } {
  const candidates = tokensOf(module)
    .filter(isInitialised)
    .filter((token) => (card === undefined ? cardOfToken(token.label)?.key === key : token.label === tokenLabel(card, key)));
  if (candidates.length === 0) throw new CardError('card-not-found', card === undefined ? undefined : `no token labelled "${tokenLabel(card, key)}"`);
  if (candidates.length > 1) {
    const cards = [...new Set(candidates.map((c) => cardOfToken(c.label)?.card ?? c.label))].sort();
    throw new CardError('card-ambiguous', `cards present: ${cards.map((c) => JSON.stringify(c)).join(', ')}; choose one with --token`, { cards });
  }
  const [token] = candidates;
  return { slot: token.slot, card: cardOfToken(token.label)?.card ?? token.label, key, label: token.label, serial: token.serial };
}
