import { CrlError } from './crl-types';

/**
 * RFC 5280 Time written straight into a buffer. Formatting a Date through getUTC*() and strings costs
 * ~1 µs; a CRL writes one time per entry, so the digits are computed arithmetically instead, and the
 * calendar date (the expensive part) is cached, since revocations cluster on the same days.
 */

const MS_PER_DAY = 86_400_000;
const MIN_MS = Date.UTC(1950, 0, 1);
/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 on. */
const GENERALIZED_FROM_MS = Date.UTC(2050, 0, 1);
const MAX_MS = Date.UTC(10000, 0, 1);

/** Bytes the encoded TLV takes: UTCTime `17 0d YYMMDDHHMMSSZ` or GeneralizedTime `18 0f YYYYMMDDHHMMSSZ`. */
export const UTC_TIME_LENGTH = 15;
export const GENERALIZED_TIME_LENGTH = 17;

let cachedDay = NaN;
let cachedYear = 0;
let cachedMonth = 0;
let cachedDate = 0;

/** Civil date of a day number (days since 1970-01-01), H. Hinnant's algorithm; cached for the last day. */
function setCivilDay(day: number): void {
  if (day === cachedDay) return;
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  cachedDate = doy - Math.floor((153 * mp + 2) / 5) + 1;
  cachedMonth = mp < 10 ? mp + 3 : mp - 9;
  cachedYear = yoe + era * 400 + (cachedMonth <= 2 ? 1 : 0);
  cachedDay = day;
}

function two(buf: Buffer, pos: number, value: number): void {
  const tens = (value / 10) | 0;
  buf[pos] = 48 + tens;
  buf[pos + 1] = 48 + value - tens * 10;
}

/** Milliseconds of a Date, or NaN if it is not a valid Date in 1950–9999 (a CRL cannot carry other years). */
export function validMs(date: unknown): number {
  if (!(date instanceof Date)) return NaN;
  const ms = date.getTime();
  return ms >= MIN_MS && ms < MAX_MS ? ms : NaN;
}

/** validMs, throwing a CrlError that names the field. */
export function timeMs(date: Date, what: string): number {
  const ms = validMs(date);
  if (Number.isNaN(ms)) throw new CrlError(`${what} must be a valid Date in 1950–9999, got ${String(date)}`);
  return ms;
}

/**
 * Writes the Time TLV of `date` at `pos`, whole seconds, and returns the position after it, or -1 if
 * `date` is not a valid Date in 1950–9999. `generalized` forces GeneralizedTime (invalidityDate is
 * always one, RFC 5280 §5.3.2).
 *
 * Takes the Date rather than its milliseconds on purpose: epoch milliseconds are not small integers, so
 * passing them between functions boxes a heap number per call; inside, they stay unboxed.
 */
export function writeTime(buf: Buffer, pos: number, date: unknown, generalized = false): number {
  if (!(date instanceof Date)) return -1;
  const ms = date.getTime();
  if (!(ms >= MIN_MS && ms < MAX_MS)) return -1;
  const day = Math.floor(ms / MS_PER_DAY);
  const secondOfDay = Math.floor((ms - day * MS_PER_DAY) / 1000);
  setCivilDay(day);
  if (generalized || ms >= GENERALIZED_FROM_MS) {
    buf[pos++] = 0x18;
    buf[pos++] = 15;
    two(buf, pos, (cachedYear / 100) | 0);
    pos += 2;
  } else {
    buf[pos++] = 0x17;
    buf[pos++] = 13;
  }
  two(buf, pos, cachedYear % 100);
  two(buf, pos + 2, cachedMonth);
  two(buf, pos + 4, cachedDate);
  const hours = (secondOfDay / 3600) | 0;
  const rest = secondOfDay - hours * 3600;
  const minutes = (rest / 60) | 0;
  two(buf, pos + 6, hours);
  two(buf, pos + 8, minutes);
  two(buf, pos + 10, rest - minutes * 60);
  buf[pos + 12] = 0x5a; // 'Z'
  return pos + 13;
}

/** The Time TLV of a date (checked with timeMs) as a new Buffer: thisUpdate, nextUpdate. */
export function encodeTime(date: Date, generalized = false): Buffer {
  const ms = timeMs(date, 'time');
  const buf = Buffer.alloc(generalized || ms >= GENERALIZED_FROM_MS ? GENERALIZED_TIME_LENGTH : UTC_TIME_LENGTH);
  writeTime(buf, 0, date, generalized);
  return buf;
}
