/**
 * The PIN and PUK try counters the app keeps on the token, where the token keeps none (SoftHSM counts no
 * wrong PINs; a real card's chip does, and then this counter only ever agrees with it).
 *
 * A counter is a public data object (it must be read and written before any login succeeds) whose value
 * is MAC'd with an HMAC key made on the token at personalisation: public too (usable before login),
 * but sensitive and non-extractable, so its value is never read. Editing the counter's bytes, deleting
 * it, or copying it from another token or counter breaks the MAC (it covers the token's serial and which
 * counter it is), and the card then refuses every PIN: `card-tampered`.
 *
 * What it cannot stop: a program driving the token's own HMAC key to forge a counter, or putting back a
 * whole earlier object (a rollback). A chip stops both because its counter never leaves it; a PKCS#11
 * token without one cannot. The counter is written BEFORE the PIN is tried, as a chip decrements first,
 * so a process killed mid-try has still spent it.
 */
import { timingSafeEqual } from 'node:crypto';
import { KeyGenMechanism, KeyType, MechanismEnum, ObjectClass, type SecretKey, type Session } from 'graphene-pk11';
import { CardError } from './card-error';
import { APPLICATION, OBJECT } from './card-layout';

export type CounterName = 'pin' | 'puk';

export interface CounterState {
  /** Grows with every write, so that the newest of two objects (an interrupted write) is known. */
  generation: number;
  failures: number;
}

const MAGIC = Buffer.from('TQC1');
const DOMAIN = 'theqa-card/try-counter/1';
const MAC_BYTES = 32;
const VALUE_BYTES = MAGIC.length + 4 + 1 + MAC_BYTES;

const counterLabel = (name: CounterName) => (name === 'pin' ? OBJECT.pinCounter : OBJECT.pukCounter);

/** At personalisation: the counters' MAC key. */
export function createCounterKey(session: Session): void {
  session.generateKey(KeyGenMechanism.GENERIC_SECRET, {
    keyType: KeyType.GENERIC_SECRET,
    label: OBJECT.counterKey,
    token: true,
    private: false,
    sensitive: true,
    extractable: false,
    modifiable: false,
    sign: true,
    verify: true,
    valueLen: 32,
  });
}

export function readCounter(session: Session, serial: string, name: CounterName): CounterState {
  const key = counterKey(session);
  const objects = session.find({ class: ObjectClass.DATA, label: counterLabel(name) });
  if (objects.length === 0) throw new CardError('card-tampered', `the ${name.toUpperCase()} try counter is missing`);
  let newest: CounterState = { generation: -1, failures: 0 };
  for (let i = 0; i < objects.length; i++) {
    const { value } = objects.items(i).getAttribute({ value: null }) as { value?: Buffer };
    const state = value && decode(session, key, serial, name, value);
    if (!state) throw new CardError('card-tampered', `the ${name.toUpperCase()} try counter does not verify`);
    if (state.generation > newest.generation) newest = state;
  }
  return newest;
}

/** Writes the new state (a data object's value cannot be changed in place), then removes the older ones. */
export function writeCounter(session: Session, serial: string, name: CounterName, state: CounterState): void {
  const key = counterKey(session);
  const label = counterLabel(name);
  const older = session.find({ class: ObjectClass.DATA, label });
  const head = Buffer.alloc(MAGIC.length + 5);
  MAGIC.copy(head);
  head.writeUInt32BE(state.generation, MAGIC.length);
  head.writeUInt8(state.failures, MAGIC.length + 4);
  const value = Buffer.concat([head, mac(session, key, serial, name, head)]);
  session.create({ class: ObjectClass.DATA, label, application: APPLICATION, token: true, private: false, modifiable: true, value });
  for (let i = 0; i < older.length; i++) older.items(i).destroy();
}

function decode(session: Session, key: SecretKey, serial: string, name: CounterName, value: Buffer): CounterState | undefined {
  if (value.length !== VALUE_BYTES || !value.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const head = value.subarray(0, VALUE_BYTES - MAC_BYTES);
  if (!timingSafeEqual(mac(session, key, serial, name, head), value.subarray(VALUE_BYTES - MAC_BYTES))) return undefined;
  return { generation: head.readUInt32BE(MAGIC.length), failures: head.readUInt8(MAGIC.length + 4) };
}

function mac(session: Session, key: SecretKey, serial: string, name: CounterName, head: Buffer): Buffer {
  return session.createSign(MechanismEnum.SHA256_HMAC, key).once(Buffer.concat([Buffer.from(`${DOMAIN}\0${serial}\0${name}\0`), head]));
}

function counterKey(session: Session): SecretKey {
  const keys = session.find({ class: ObjectClass.SECRET_KEY, label: OBJECT.counterKey });
  if (keys.length !== 1) throw new CardError('card-tampered', 'the try counters’ key is missing');
  return keys.items(0).toType<SecretKey>();
}
