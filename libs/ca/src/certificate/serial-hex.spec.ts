import { drawSerial, serialHex } from '../issuance/serial-number';
import { normaliseSerialHex } from './serial-hex';

describe('normaliseSerialHex', () => {
  it('spells a serial the way the OCSP request parser does: lowercase whole octets, no leading zero octets', () => {
    expect(normaliseSerialHex('0x008F2A')).toBe('8f2a');
    expect(normaliseSerialHex('0X8f2a')).toBe('8f2a');
    expect(normaliseSerialHex('abc')).toBe('0abc');
    expect(normaliseSerialHex('0000')).toBe('00');
    expect(normaliseSerialHex('0')).toBe('00');
    expect(normaliseSerialHex('0a1b2c3d')).toBe(Buffer.from('0a1b2c3d', 'hex').toString('hex'));
    expect(normaliseSerialHex('7F' + 'ff'.repeat(15))).toBe('7f' + 'ff'.repeat(15));
  });

  it('refuses anything but hex digits unless told to accept separators', () => {
    for (const bad of ['', '0x', '12:34', '12 34', ' 1234', '12g4', '-1234', '0x-12', '١٢٣٤']) expect(normaliseSerialHex(bad)).toBeUndefined();
  });

  it('accepts serials as openssl and browsers print them, for a person typing one', () => {
    const typed = { separators: true, letters: 'upper' } as const;
    expect(normaliseSerialHex(' 0x12:34:ab ', typed)).toBe('1234AB');
    expect(normaliseSerialHex('00 8f 2a', typed)).toBe('8F2A');
    expect(normaliseSerialHex('0:0', typed)).toBe('00');
    for (const bad of ['', ' ', '0x', ':', '12;34', '12-34', 'zz']) expect(normaliseSerialHex(bad, typed)).toBeUndefined();
  });

  it('takes at most 20 octets of magnitude (RFC 5280), leading zeros not counted', () => {
    const twenty = 'ab'.repeat(20);
    expect(normaliseSerialHex(twenty)).toBe(twenty);
    expect(normaliseSerialHex(`0000${twenty}`)).toBe(twenty);
    expect(normaliseSerialHex(`1${twenty}`)).toBeUndefined();
    expect(normaliseSerialHex(`01:${twenty}`, { separators: true })).toBeUndefined();
  });

  it("is the identity on the serials the CA draws, in the ledger's spelling and in the responder's", () => {
    for (let i = 0; i < 200; i++) {
      const serial = drawSerial();
      expect(normaliseSerialHex(serialHex(serial), { letters: 'upper' })).toBe(serialHex(serial));
      expect(normaliseSerialHex(serialHex(serial))).toBe(serial.toString('hex'));
    }
  });
});
