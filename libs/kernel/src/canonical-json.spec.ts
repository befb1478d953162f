import { canonicalJson } from './index';

describe('canonical JSON', () => {
  it('sorts keys at every level and keeps arrays in order', () => {
    expect(canonicalJson({ b: [3, { d: 1, c: 2 }], a: 'ثقة' })).toBe('{"a":"ثقة","b":[3,{"c":2,"d":1}]}');
  });

  it('sorts keys by UTF-16 code units, not by locale', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3, '😀': 4, 'ﬀ': 5 })).toBe('{"Z":3,"z":2,"é":1,"😀":4,"ﬀ":5}');
  });

  it('has no insignificant whitespace and the same bytes for the same data in any key order', () => {
    const one = canonicalJson({ v: 'theqa-device/1', display: { en: 'Change your PIN', ar: 'تغيير الرقم السري' }, requires_pin: true, n: 0.5 });
    const two = canonicalJson({ n: 0.5, requires_pin: true, display: { ar: 'تغيير الرقم السري', en: 'Change your PIN' }, v: 'theqa-device/1' });
    expect(one).toBe(two);
    expect(JSON.stringify(JSON.parse(one))).toBe(one);
    expect(JSON.parse(one)).toEqual({ v: 'theqa-device/1', display: { en: 'Change your PIN', ar: 'تغيير الرقم السري' }, requires_pin: true, n: 0.5 });
  });

  it('writes scalars as JSON does, escapes included', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(false)).toBe('false');
    expect(canonicalJson(-0)).toBe('0');
    expect(canonicalJson(1e21)).toBe('1e+21');
    expect(canonicalJson('a"b\\c\n\u2028')).toBe(JSON.stringify('a"b\\c\n\u2028'));
    expect(canonicalJson('\ud800')).toBe('"\\ud800"');
  });

  it('leaves out object members that are undefined, as JSON does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it.each([
    ['a Date', { when: new Date() }],
    ['NaN', { n: Number.NaN }],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['a bigint', { big: 10n }],
    ['a byte array', { bytes: new Uint8Array([1]) }],
    ['a Buffer', { buf: Buffer.from('x') }],
    ['undefined in an array', [undefined]],
    ['undefined itself', undefined],
    ['a function', { f: () => 1 }],
    ['a symbol', { s: Symbol('s') }],
    ['a Map', new Map([['a', 1]])],
    ['a class instance', new (class Point { x = 1; })()],
    ['an object without prototype', Object.assign(Object.create(null), { a: 1 })],
  ])('refuses values that are not plain data: %s', (_, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });
});
