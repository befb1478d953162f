import { InMemoryOcspResponseCache } from './in-memory-ocsp-response-cache';

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));
const key = (serialHex: string, variant = 'sha1') => ({ issuerName: 'ca', serialHex, variant });

describe('InMemoryOcspResponseCache', () => {
  let now = at(0);
  beforeEach(() => {
    now = at(0);
  });

  it('stores by certificate and CertID variant', async () => {
    const cache = new InMemoryOcspResponseCache(10, () => now);
    await cache.put(key('01'), Buffer.from('a'), at(60));
    await cache.put(key('01', 'sha256'), Buffer.from('b'), at(60));
    expect((await cache.get(key('01')))?.der.toString()).toBe('a');
    expect((await cache.get(key('01', 'sha256')))?.der.toString()).toBe('b');
    expect(await cache.get(key('01', 'sha1-noparams'))).toBeUndefined();
    expect(await cache.get({ ...key('01'), issuerName: 'other' })).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('invalidate drops every variant of one certificate only', async () => {
    const cache = new InMemoryOcspResponseCache(10, () => now);
    await cache.put(key('01'), Buffer.from('a'), at(60));
    await cache.put(key('01', 'sha256'), Buffer.from('b'), at(60));
    await cache.put(key('02'), Buffer.from('c'), at(60));
    await cache.invalidate('ca', '01');
    expect(await cache.get(key('01'))).toBeUndefined();
    expect(await cache.get(key('01', 'sha256'))).toBeUndefined();
    expect((await cache.get(key('02')))?.der.toString()).toBe('c');
  });

  it('keeps the answer with the later nextUpdate, or the first of equals, when a slower signer stores last', async () => {
    const cache = new InMemoryOcspResponseCache(10, () => now);
    await cache.put(key('01'), Buffer.from('newer'), at(61));
    await cache.put(key('01'), Buffer.from('older'), at(60));
    await cache.put(key('01'), Buffer.from('same second, finished later'), at(61));
    expect((await cache.get(key('01')))?.der.toString()).toBe('newer');
    await cache.put(key('01'), Buffer.from('newest'), at(62));
    expect((await cache.get(key('01')))?.der.toString()).toBe('newest');
    await cache.put(key('01'), Buffer.from('presigned'), at(61), { replace: true });
    expect((await cache.get(key('01')))?.der.toString()).toBe('presigned');
  });

  it('forgets expired answers and evicts the least recently used certificate', async () => {
    const cache = new InMemoryOcspResponseCache(2, () => now);
    await cache.put(key('01'), Buffer.from('a'), at(60));
    await cache.put(key('02'), Buffer.from('b'), at(60));
    await cache.get(key('01')); // 02 is now the least recently used
    await cache.put(key('03'), Buffer.from('c'), at(60));
    expect(cache.size).toBe(2);
    expect(await cache.get(key('02'))).toBeUndefined();
    expect(await cache.get(key('01'))).toBeDefined();
    now = at(60);
    expect(await cache.get(key('01'))).toBeUndefined();
    expect(cache.size).toBe(1);
    expect(() => new InMemoryOcspResponseCache(0)).toThrow(RangeError);
  });
});
