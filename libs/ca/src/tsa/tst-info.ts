/**
 * RFC 3161 §2.4.2 TSTInfo: the statement the TSA signs ("this imprint existed at genTime").
 */
import {
  bigInteger,
  explicit,
  implicitPrimitive,
  nullValue,
  octetString,
  oid,
  sequence,
  smallInteger,
  Tag,
  tlv,
} from '../der/der-writer';
import { signedInteger } from './strict-der';
import { TSA_HASH, type TsaHashAlgorithm } from './tsa-oids';

export interface TimeStampAccuracy {
  seconds?: number;
  /** 0..999; RFC 3161 allows 1..999, a 0 is simply left out. */
  millis?: number;
  /** 0..999, as millis. */
  micros?: number;
}

export interface TstInfoFields {
  policy: string;
  hashAlgorithm: TsaHashAlgorithm;
  hashParameters?: 'absent' | 'null';
  messageImprint: Buffer;
  /** Unique per token (RFC 3161: up to 160 bits); a Buffer is an unsigned big-endian magnitude. */
  serialNumber: Buffer | bigint;
  genTime: Date;
  accuracy?: TimeStampAccuracy;
  nonce?: bigint;
  /** DER Name of the TSA, placed as the `tsa` GeneralName (directoryName) hint. */
  tsaName?: Buffer;
}

export function encodeTstInfo(fields: TstInfoFields): Buffer {
  const hash = TSA_HASH[fields.hashAlgorithm];
  if (fields.messageImprint.length !== hash.length) throw new RangeError(`message imprint is not a ${fields.hashAlgorithm} hash`);
  const hashAlgorithm = fields.hashParameters === 'null' ? sequence(oid(hash.oid), nullValue()) : sequence(oid(hash.oid));
  const accuracy = fields.accuracy && encodeAccuracy(fields.accuracy);
  return sequence(
    smallInteger(1),
    oid(fields.policy),
    sequence(hashAlgorithm, octetString(fields.messageImprint)),
    serialNumber(fields.serialNumber),
    tstGeneralizedTime(fields.genTime, fields.accuracy),
    ...(accuracy ? [accuracy] : []),
    // ordering is DEFAULT FALSE and this TSA never promises ordering, so DER leaves it out.
    ...(fields.nonce !== undefined ? [signedInteger(fields.nonce)] : []),
    // GeneralName is a CHOICE, so directoryName [4] is an explicit tag around the Name.
    ...(fields.tsaName ? [explicit(0, explicit(4, fields.tsaName))] : []),
  );
}

function serialNumber(serial: Buffer | bigint): Buffer {
  const value = typeof serial === 'bigint' ? serial : BigInt(`0x${serial.toString('hex') || '0'}`);
  if (value <= 0n || value >= 1n << 160n) throw new RangeError('TSA serial number must be a positive integer of at most 160 bits');
  return bigInteger(value);
}

/** Accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL, millis [0] 1..999 OPTIONAL, micros [1] 1..999 OPTIONAL }. */
function encodeAccuracy({ seconds = 0, millis = 0, micros = 0 }: TimeStampAccuracy): Buffer | undefined {
  if (!Number.isSafeInteger(seconds) || seconds < 0) throw new RangeError('accuracy seconds must be a non-negative integer');
  for (const [name, value] of [['millis', millis], ['micros', micros]] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 999) throw new RangeError(`accuracy ${name} must be 0..999`);
  }
  // An all-zero accuracy would claim a perfect clock; leaving the field out means "not stated".
  if (seconds === 0 && millis === 0 && micros === 0) return undefined;
  const parts: Buffer[] = [];
  if (seconds) parts.push(smallInteger(seconds));
  if (millis) parts.push(implicitPrimitive(0, smallInteger(millis).subarray(2)));
  if (micros) parts.push(implicitPrimitive(1, smallInteger(micros).subarray(2)));
  return sequence(...parts);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * genTime per RFC 3161 §2.4.2: UTC, "Z", seconds always present; a fraction only when the accuracy is
 * finer than a second (a fraction would otherwise claim precision the TSA does not have), and then
 * without trailing zeros (or without the dot when it is zero). Coarser accuracy truncates the
 * milliseconds, which the stated accuracy then has to cover.
 */
export function tstGeneralizedTime(date: Date, accuracy?: TimeStampAccuracy): Buffer {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError('genTime is not a valid date');
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError('genTime year out of range');
  let text = `${pad(year, 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
  const subSecond = !!accuracy && !accuracy.seconds && (!!accuracy.millis || !!accuracy.micros);
  const ms = date.getUTCMilliseconds();
  if (subSecond && ms) text += `.${pad(ms, 3).replace(/0+$/, '')}`;
  return tlv(Tag.GENERALIZED_TIME, Buffer.from(`${text}Z`, 'latin1'));
}
