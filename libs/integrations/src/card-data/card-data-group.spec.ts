import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { ANIL, SALIM as salim } from '../../test/registry-persons';
import { IntegrationError } from '../errors';
import { CARD_DATA_FORMAT, cardDataGroup, cardDataMismatches, cardDataOf, encodeCardData, parseCardDataGroup } from './card-data-group';

const bytes = cardDataGroup(salim);
const text = bytes.toString('utf8');

function refusal(input: Uint8Array | string): string {
  try {
    parseCardDataGroup(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
  } catch (error) {
    if (error instanceof IntegrationError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('cardDataGroup', () => {
  it('is canonical JSON: the card fields with sorted keys, no whitespace, UTF-8 Arabic', () => {
    expect(Object.keys(JSON.parse(text))).toEqual([
      'card_expiry_date', 'card_serial_number', 'civil_number', 'date_of_birth', 'format', 'full_name_ar', 'full_name_en',
      'gender_en', 'nationality', 'photo_sha256',
    ]);
    expect(text).not.toMatch(/\s(?=["{}:,])|[{}:,]\s/);
    expect(text).toContain('"full_name_ar":"سالم بن ناصر بن علي الحارثي"');
    expect(text).toContain(`"format":"${CARD_DATA_FORMAT}"`);
  });

  it('binds the registry photo by its SHA-256', () => {
    expect(parseCardDataGroup(bytes).photo_sha256).toBe(salim.photo.sha256);
  });

  it('round-trips: parse gives the card data, and encoding it again gives the same bytes', () => {
    const data = parseCardDataGroup(bytes);
    expect(data).toEqual(cardDataOf(salim));
    expect(encodeCardData(data).equals(bytes)).toBe(true);
    expect(cardDataMismatches(data, salim)).toEqual([]);
  });

  it('is deterministic, leaves out what the card does not carry, and differs between persons', () => {
    expect(cardDataGroup(structuredClone(salim)).equals(bytes)).toBe(true);
    expect(cardDataGroup({ ...salim, email: null, occupation: { en: 'Retired', ar: 'متقاعد' } }).equals(bytes)).toBe(true);
    expect(cardDataGroup(ANIL).equals(bytes)).toBe(false);
    expect(parseCardDataGroup(cardDataGroup(ANIL))).toMatchObject({ civil_number: '10000006', nationality: 'IND' });
  });

  it('carries a signature over exactly these bytes, which no re-serialisation keeps', () => {
    // The Card Data Signer lives in the CA; any key shows why one card must have one byte string.
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signature = sign('sha256', bytes, privateKey);
    expect(verify('sha256', bytes, publicKey, signature)).toBe(true);
    const variant = Buffer.from(JSON.stringify(JSON.parse(text), null, 1));
    expect(verify('sha256', variant, publicKey, signature)).toBe(false);
    expect(refusal(variant)).toBe('card-data-non-canonical');
  });
});

describe('parseCardDataGroup refuses', () => {
  const data = JSON.parse(text) as Record<string, string>;
  const reordered = `{${Object.entries(data).reverse().map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;

  it.each([
    ['pretty-printed', JSON.stringify(data, null, 2)],
    ['keys out of order', reordered],
    ['a trailing newline', `${text}\n`],
    ['a leading space', ` ${text}`],
    ['an escaped letter where the canonical form has the character', text.replace('سالم', '\\u0633الم')],
    ['an escaped ASCII letter', text.replace('"Salim', '"\\u0053alim')],
    ['a duplicate key', text.replace('{', `{"civil_number":"87654321",`)],
    ['a name not in Unicode NFC (a decomposed accent)', text.replace('Ali Al Harthy', 'A\u0301li Al Harthy')],
  ])('%s as non-canonical', (_, variant) => {
    expect(refusal(variant)).toBe('card-data-non-canonical');
  });

  it.each([
    ['not UTF-8', Buffer.concat([Buffer.from(text.slice(0, 20)), Buffer.from([0xff, 0xfe]), Buffer.from(text.slice(20))])],
    ['a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes])],
    ['not JSON', Buffer.from('civil_number=12345678')],
    ['an array', Buffer.from('[]')],
    ['a missing field', Buffer.from(JSON.stringify(Object.fromEntries(Object.entries(data).filter(([k]) => k !== 'photo_sha256'))))],
    ['an extra field', Buffer.from(text.replace('{', '{"card_status":"valid",'))],
    ['another format', Buffer.from(text.replace(CARD_DATA_FORMAT, 'theqa-card-data/2'))],
    ['an impossible date', Buffer.from(text.replace(salim.date_of_birth, '1988-02-30'))],
    ['a number where text belongs', Buffer.from(text.replace('"civil_number":"12345678"', '"civil_number":12345678'))],
    ['a short photo hash', Buffer.from(text.replace(salim.photo.sha256, salim.photo.sha256.slice(2)))],
    ['an invisible control character in a name', Buffer.from(text.replace('Salim', 'Sal\u200fim'))],
  ])('%s as malformed', (_, variant) => {
    expect(refusal(variant)).toBe('card-data-malformed');
  });

  it('flags tampered but well-formed card data as differing from the registry', () => {
    const tampered = parseCardDataGroup(Buffer.from(text.replace('"civil_number":"12345678"', '"civil_number":"12345679"').replace(salim.date_of_birth, '1970-01-01')));
    expect(cardDataMismatches(tampered, salim)).toEqual(['civil_number', 'date_of_birth']);
  });

  it('flags a flipped byte anywhere: refused, or read as other data than the registry’s', () => {
    for (let i = 0; i < bytes.length; i++) {
      const flipped = Buffer.from(bytes);
      flipped[i] ^= 0x01;
      let outcome: string;
      try {
        outcome = cardDataMismatches(parseCardDataGroup(flipped), salim).length > 0 ? 'differs' : 'same';
      } catch (error) {
        outcome = (error as IntegrationError).code;
      }
      expect({ at: i, outcome }).not.toEqual({ at: i, outcome: 'same' });
    }
  });

  it('encodeCardData checks the fields too', () => {
    expect(() => encodeCardData({ ...cardDataOf(salim), civil_number: '12 34' })).toThrow(IntegrationError);
  });
});
