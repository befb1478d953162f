import { generalizedTime, x509Time } from '../der/der-writer';
import { encodeTime, writeTime } from './crl-time';

/** The arithmetic time writer must agree byte for byte with the plain getUTC*() one of der-writer. */
describe('CRL time writer', () => {
  const write = (date: Date, generalized = false) => {
    const buf = Buffer.alloc(20, 0xee);
    const end = writeTime(buf, 1, date, generalized);
    return end < 0 ? undefined : buf.subarray(1, end);
  };

  it.each([
    '1950-01-01T00:00:00.000Z',
    '1969-12-31T23:59:59.999Z',
    '1970-01-01T00:00:00.000Z',
    '2000-02-29T12:34:56.789Z',
    '2026-11-22T10:20:30.999Z',
    '2049-12-31T23:59:59.999Z',
    '2050-01-01T00:00:00.000Z',
    '2100-02-28T23:59:59.000Z',
    '2100-03-01T00:00:00.000Z',
    '9999-12-31T23:59:59.999Z',
  ])('writes %s like x509Time, whole seconds, UTCTime before 2050', (iso) => {
    const date = new Date(iso);
    expect(write(date)?.toString('hex')).toBe(x509Time(date).toString('hex'));
    expect(write(date, true)?.toString('hex')).toBe(generalizedTime(date).toString('hex'));
  });

  it('agrees with x509Time on 20,000 random instants, also when consecutive instants share a day', () => {
    const min = Date.UTC(1950, 0, 1);
    const span = Date.UTC(2200, 0, 1) - min;
    let instant = min;
    for (let i = 0; i < 20_000; i++) {
      instant = i % 2 ? instant + Math.floor(Math.random() * 3_600_000) : min + Math.floor(Math.random() * span);
      const date = new Date(instant);
      expect(write(date)!.equals(x509Time(date))).toBe(true);
    }
  });

  it('refuses invalid dates and years a CRL cannot carry', () => {
    expect(write(new Date(Number.NaN))).toBeUndefined();
    expect(write(new Date('1949-12-31T23:59:59Z'))).toBeUndefined();
    expect(write(new Date('+010000-01-01T00:00:00Z'))).toBeUndefined();
    expect(write('2026-01-01' as unknown as Date)).toBeUndefined();
    expect(() => encodeTime(new Date(Number.NaN))).toThrow(/valid Date/);
  });
});
