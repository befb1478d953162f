import { normalizeSerialHex } from './serial-hex';

describe('normalizeSerialHex', () => {
  it('spells a serial the way the request parser does: lowercase whole octets, no leading zero octets', () => {
    expect(normalizeSerialHex('0x008F2A')).toBe('8f2a');
    expect(normalizeSerialHex('abc')).toBe('0abc');
    expect(normalizeSerialHex('0000')).toBe('00');
    expect(normalizeSerialHex('0a1b2c3d')).toBe(Buffer.from('0a1b2c3d', 'hex').toString('hex'));
    expect(() => normalizeSerialHex('')).toThrow(RangeError);
    expect(() => normalizeSerialHex('12:34')).toThrow(RangeError);
  });
});
