import { children, content, readRoot } from '../der/der-reader';
import { encodeTstInfo, tstGeneralizedTime, type TstInfoFields } from './tst-info';

const time = (iso: string, accuracy?: Parameters<typeof tstGeneralizedTime>[1]) => tstGeneralizedTime(new Date(iso), accuracy).subarray(2).toString('latin1');

const base: TstInfoFields = {
  policy: '1.2.3.4',
  hashAlgorithm: 'sha256',
  messageImprint: Buffer.alloc(32, 1),
  serialNumber: 1n,
  genTime: new Date('2026-01-02T03:04:05Z'),
};

/** The TSTInfo's fields as hex TLVs. */
function fieldsOf(fields: Partial<TstInfoFields>): string[] {
  const der = encodeTstInfo({ ...base, ...fields });
  return children(der, readRoot(der)).map((field) => der.subarray(field.start, field.end).toString('hex'));
}

describe('TSTInfo', () => {
  it('writes genTime with a fraction only for sub-second accuracy, without trailing zeros', () => {
    expect(time('2026-01-02T03:04:05.120Z', { millis: 1 })).toBe('20260102030405.12Z');
    expect(time('2026-01-02T03:04:05.123Z', { micros: 500 })).toBe('20260102030405.123Z');
    expect(time('2026-01-02T03:04:05.500Z', { millis: 100 })).toBe('20260102030405.5Z');
    expect(time('2026-01-02T03:04:05.000Z', { millis: 100 })).toBe('20260102030405Z');
    // One second or coarser, or unstated: whole seconds.
    expect(time('2026-01-02T03:04:05.999Z', { seconds: 1, millis: 500 })).toBe('20260102030405Z');
    expect(time('2026-01-02T03:04:05.999Z')).toBe('20260102030405Z');
    expect(() => time('nonsense')).toThrow(RangeError);
  });

  it('encodes accuracy with zero parts left out, and leaves out an all-zero accuracy', () => {
    expect(fieldsOf({ accuracy: { seconds: 1, millis: 500, micros: 0 } })[5]).toBe('3007020101800201f4');
    expect(fieldsOf({ accuracy: { millis: 1, micros: 999 } })[5]).toBe('3007800101810203e7');
    const withoutAccuracy = fieldsOf({ accuracy: { seconds: 0 } });
    expect(withoutAccuracy).toHaveLength(5);
    expect(() => fieldsOf({ accuracy: { millis: 1000 } })).toThrow(RangeError);
    expect(() => fieldsOf({ accuracy: { seconds: -1 } })).toThrow(RangeError);
  });

  it('writes version, policy, imprint, serial, genTime, nonce and TSA name in order', () => {
    const fields = fieldsOf({ nonce: -1n, tsaName: Buffer.from('3000', 'hex'), hashParameters: 'null', serialNumber: Buffer.from('0080', 'hex') });
    expect(fields[0]).toBe('020101');
    expect(fields[1]).toBe('06032a0304');
    expect(fields[2]).toBe(`3031300d06096086480165030402010500` + `0420${'01'.repeat(32)}`);
    expect(fields[3]).toBe('02020080');
    expect(fields[4]).toBe('180f32303236303130323033303430355a');
    expect(fields[5]).toBe('0201ff');
    expect(fields[6]).toBe('a004a4023000');
  });

  it('keeps serial numbers positive and within 160 bits', () => {
    expect(fieldsOf({ serialNumber: (1n << 160n) - 1n })[3]).toBe(`021500${'ff'.repeat(20)}`);
    expect(() => fieldsOf({ serialNumber: 1n << 160n })).toThrow(RangeError);
    expect(() => fieldsOf({ serialNumber: 0n })).toThrow(RangeError);
    expect(() => fieldsOf({ serialNumber: Buffer.alloc(4) })).toThrow(RangeError);
  });

  it('refuses an imprint that does not fit the hash', () => {
    expect(() => encodeTstInfo({ ...base, messageImprint: Buffer.alloc(20) })).toThrow(RangeError);
  });

  it('is readable back', () => {
    const der = encodeTstInfo(base);
    const [, policy] = children(der, readRoot(der));
    expect(content(der, policy).toString('hex')).toBe('2a0304');
  });
});
