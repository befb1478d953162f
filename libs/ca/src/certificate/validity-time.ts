import { DerError, type Tlv } from '../der/der-reader';
import { Tag } from '../der/der-writer';

/**
 * RFC 5280 §4.1.2.5 Time: UTCTime YYMMDDHHMMSSZ (years 1950–2049) or GeneralizedTime YYYYMMDDHHMMSSZ,
 * nothing else (no fractions, no offsets). Read digit by digit: the CA reads its own certificates'
 * validity on every start and the OCSP and TSA paths read theirs.
 */
export function readValidityTime(der: Buffer, field: Tlv | undefined): Date {
  if (!field) throw new DerError('missing validity time');
  const at = field.contentStart;
  const length = field.end - at;
  let year: number;
  let rest: number;
  if (field.tag === Tag.UTC_TIME && length === 13) {
    const yy = twoDigits(der, at);
    year = yy < 50 ? 2000 + yy : 1900 + yy;
    rest = at + 2;
  } else if (field.tag === Tag.GENERALIZED_TIME && length === 15) {
    year = twoDigits(der, at) * 100 + twoDigits(der, at + 2);
    rest = at + 4;
  } else {
    throw new DerError('validity time is not RFC 5280 Time');
  }
  if (der[rest + 10] !== 0x5a) throw new DerError('validity time is not RFC 5280 Time');
  const time = Date.UTC(year, twoDigits(der, rest) - 1, twoDigits(der, rest + 2), twoDigits(der, rest + 4), twoDigits(der, rest + 6), twoDigits(der, rest + 8));
  if (Number.isNaN(time)) throw new DerError('validity time is not RFC 5280 Time');
  return new Date(time);
}

// NaN for anything but two ASCII digits, which makes the Date.UTC above NaN.
function twoDigits(der: Buffer, at: number): number {
  const high = der[at] - 0x30;
  const low = der[at + 1] - 0x30;
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : Number.NaN;
}
