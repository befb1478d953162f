import { drawSerial, SERIAL_BYTES } from './serial-number';

describe('serial numbers', () => {
  it('are 16 octets, positive with no leading zero needed (top bits 01), and never repeat across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const serial = drawSerial();
      expect(serial.length).toBe(SERIAL_BYTES);
      expect(serial[0] & 0xc0).toBe(0x40);
      seen.add(serial.toString('hex'));
    }
    expect(seen.size).toBe(3000);
  });

  it('are copies: changing one leaves the next untouched', () => {
    const first = drawSerial();
    const copy = Buffer.from(first);
    first.fill(0);
    expect(drawSerial().equals(copy)).toBe(false);
  });

  it('use an injected source as given (tests of serial collisions)', () => {
    expect(drawSerial(() => Buffer.alloc(16, 0xff)).toString('hex')).toBe('7f' + 'ff'.repeat(15));
  });
});
