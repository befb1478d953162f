import type { Client, KoaContextWithOIDC } from 'oidc-provider';
import { boundedClientAssertion } from './client-assertion-lifetime';

describe('a client assertion’s lifetime', () => {
  const now = Math.floor(Date.now() / 1000);
  const check = (claims: Record<string, unknown>) => boundedClientAssertion({} as KoaContextWithOIDC, claims, {}, {} as Client);

  it('is accepted up to five minutes (and the clock tolerance) ahead', async () => {
    await expect(check({ exp: now + 60, iat: now })).resolves.toBeUndefined();
    await expect(check({ exp: now + 300 })).resolves.toBeUndefined();
    await expect(check({ exp: now + 310, iat: now + 10 })).resolves.toBeUndefined();
  });

  it('is refused beyond five minutes, issued in the future, or longer-lived than five minutes from its iat', async () => {
    await expect(check({ exp: now + 365 * 86_400 })).rejects.toMatchObject({ error: 'invalid_client' });
    await expect(check({ exp: now + 600, iat: now })).rejects.toMatchObject({ error: 'invalid_client' });
    await expect(check({ exp: now + 60, iat: now + 3600 })).rejects.toMatchObject({ error: 'invalid_client' });
    await expect(check({ exp: now + 200, iat: now - 200 })).rejects.toMatchObject({ error: 'invalid_client' });
    await expect(check({ exp: String(now + 60) })).rejects.toMatchObject({ error: 'invalid_client' });
  });
});
