import type { KoaContextWithOIDC } from 'oidc-provider';
import type { ConsentRecord, ConsentService } from '@theqa/consent';
import type { CivilRegistry, RegistryPerson } from '@theqa/integrations';
import { DEVICE_CLAIM } from '@theqa/login';
import type { RelyingParty } from '@theqa/relying-parties';
import { findAccount } from './accounts';
import type { RelyingPartyReader } from './cached-relying-parties';

const PERSON = { civil_number: '20019454', full_name_en: 'Salim Al Harthy' } as unknown as RegistryPerson;
const consent = (clientId: string): ConsentRecord => ({
  id: '00000000-0000-4000-8000-000000000000',
  civilNumber: PERSON.civil_number,
  clientId,
  claims: ['civil_number', 'full_name_en'],
  purpose: { ar: 'غرض', en: 'Purpose' },
  grantedAt: new Date('2026-01-01'),
  expiresAt: new Date('2099-01-01'),
});

/** The approving device reaches a first party's ID token, and no other relying party's. */
describe('the account behind a token', () => {
  const account = findAccount({
    consents: { current: async (_civilNumber: string, clientId: string) => consent(clientId) } as unknown as ConsentService,
    registry: { findPerson: async () => PERSON } as unknown as CivilRegistry,
    relyingParties: { findActive: async (clientId: string) => ({ clientId, claims: ['civil_number', 'full_name_en'] }) as RelyingParty } as unknown as RelyingPartyReader,
    firstParty: { clients: new Set(['theqa-portal']), deviceOfGrant: async (grantId) => (grantId === 'grant-1' ? 'THQ-7K2M-9QXD' : undefined) },
  });
  const claimsFor = async (clientId: string, token?: { grantId?: string }) =>
    (await account({ oidc: { client: { clientId } } } as unknown as KoaContextWithOIDC, PERSON.civil_number, token)).claims();

  it("names the device in a first party's claims", async () => {
    expect(await claimsFor('theqa-portal', { grantId: 'grant-1' })).toEqual({ sub: PERSON.civil_number, civil_number: PERSON.civil_number, full_name_en: 'Salim Al Harthy', [DEVICE_CLAIM]: 'THQ-7K2M-9QXD' });
  });

  it('never for another relying party, even with a grant the device approved', async () => {
    expect(await claimsFor('naql-demo', { grantId: 'grant-1' })).not.toHaveProperty(DEVICE_CLAIM);
  });

  it('not without a grant that recorded one', async () => {
    expect(await claimsFor('theqa-portal')).not.toHaveProperty(DEVICE_CLAIM);
    expect(await claimsFor('theqa-portal', { grantId: 'grant-2' })).not.toHaveProperty(DEVICE_CLAIM);
  });
});
