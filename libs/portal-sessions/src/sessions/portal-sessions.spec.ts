import { LoginTransactions, PortalSessions, csrfMatches, tokenSha256 } from '../index';
import { MemoryLoginTransactionStore, MemoryPortalSessionStore } from '../testing';

describe('portal sessions', () => {
  let now = new Date('2026-01-10T08:00:00Z');
  const later = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));
  const store = new MemoryPortalSessionStore(() => now);
  const sessions = new PortalSessions(store, { idleSeconds: 900, absoluteSeconds: 8 * 3600 });
  const login = { civilNumber: '20019454', device: 'THQ-AAAA-BBBB', acr: 'medium' as const, names: { ar: 'سالم', en: 'Salim' } };

  it('keeps only the hash of the token, and gives each session its own form token', async () => {
    const a = await sessions.open(login);
    const b = await sessions.open(login);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(store.sessions.has(tokenSha256(a.token).toString('hex'))).toBe(true);
    expect([...store.sessions.keys()].some((key) => key.includes(Buffer.from(a.token).toString('hex')))).toBe(false);
    expect(a.session.csrfToken).not.toBe(b.session.csrfToken);
    expect(a.session.csrfToken).not.toBe(a.token);
  });

  it('lapses after the idle time, and is kept alive by use', async () => {
    const { token } = await sessions.open(login);
    later(800);
    expect(await sessions.resume(token)).toBeDefined();
    later(800);
    expect(await sessions.resume(token)).toBeDefined();
    later(901);
    expect(await sessions.resume(token)).toBeUndefined();
  });

  it('ends at its absolute time however active', async () => {
    const { token } = await sessions.open(login);
    // 32 × 890 s = 7 h 54 min: each request within the idle time, the last one before the end.
    for (let i = 0; i < 32; i++) {
      later(890);
      expect(await sessions.resume(token)).toBeDefined();
    }
    later(890);
    expect(await sessions.resume(token)).toBeUndefined();
  });

  it('ends by logout and by its device; malformed tokens are no session', async () => {
    const mine = await sessions.open(login);
    const other = await sessions.open({ ...login, device: 'THQ-CCCC-DDDD' });
    expect(await sessions.endOfDevice('THQ-AAAA-BBBB')).toBeGreaterThanOrEqual(1);
    expect(await sessions.resume(mine.token)).toBeUndefined();
    expect(await sessions.resume(other.token)).toBeDefined();
    expect(await sessions.end(other.token)).toMatchObject({ device: 'THQ-CCCC-DDDD' });
    expect(await sessions.resume(other.token)).toBeUndefined();
    for (const junk of [undefined, '', 'x', ['a'], 'a'.repeat(44), `${'a'.repeat(42)}=`]) expect(await sessions.resume(junk)).toBeUndefined();
  });

  it('refuses timeouts that contradict each other', () => {
    expect(() => new PortalSessions(store, { idleSeconds: 0, absoluteSeconds: 10 })).toThrow(RangeError);
    expect(() => new PortalSessions(store, { idleSeconds: 100, absoluteSeconds: 10 })).toThrow(RangeError);
  });
});

describe('login transactions', () => {
  it('are taken once', async () => {
    const transactions = new LoginTransactions(new MemoryLoginTransactionStore());
    const token = await transactions.begin({ state: 's', nonce: 'n', codeVerifier: 'v', lang: 'en' });
    expect(await transactions.take(token)).toEqual({ state: 's', nonce: 'n', codeVerifier: 'v', lang: 'en' });
    expect(await transactions.take(token)).toBeUndefined();
    expect(await transactions.take('../../etc/passwd')).toBeUndefined();
  });
});

describe('form tokens', () => {
  it('match only the same token, as one string', () => {
    const token = 'A'.repeat(43);
    expect(csrfMatches(token, token)).toBe(true);
    expect(csrfMatches(token, 'B'.repeat(43))).toBe(false);
    expect(csrfMatches(token, [token])).toBe(false);
    expect(csrfMatches(token, undefined)).toBe(false);
    expect(csrfMatches(token, `${token} `)).toBe(false);
  });
});
