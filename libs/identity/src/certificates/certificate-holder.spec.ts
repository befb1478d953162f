import type { CivilRegistry, RegistryPerson } from '@theqa/integrations';
import { IdentityError } from '../identity-error';
import { certificateHolder, HolderNamesDisagree } from './certificate-holder';

const salim = { civil_number: '12345678', given_name_en: 'Salim', family_name_en: 'Al Harthy', full_name_en: 'Salim Nasser Ali Al Harthy', card_expiry_date: '2030-04-30', date_of_death: null } as RegistryPerson;
const late = { ...salim, civil_number: '10000001', date_of_death: '2024-01-02' } as RegistryPerson;
const registry = {
  findPerson: async (civilNumber: string) => [salim, late].find((p) => p.civil_number === civilNumber),
} as CivilRegistry;

const refusal = async (work: Promise<unknown>) => work.then(() => undefined, (error: unknown) => error as IdentityError);

describe('certificateHolder', () => {
  it("takes the subject from the civil registry, names given or not", async () => {
    const expected = { identity: { civilNumber: '12345678', givenName: 'Salim', surname: 'Al Harthy', fullName: 'Salim Nasser Ali Al Harthy' }, cardExpiry: new Date('2030-04-30T23:59:59Z') };
    expect(await certificateHolder(registry, { civilNumber: '12345678' }, 'refuse')).toEqual(expected);
    expect(await certificateHolder(registry, { civilNumber: '12345678', givenName: 'Salim', surname: 'Al Harthy' }, 'refuse')).toEqual(expected);
  });

  it('refuses names the registry records otherwise, naming them (the recorded ones kept for an operator)', async () => {
    const error = await refusal(certificateHolder(registry, { civilNumber: '12345678', givenName: 'Salim', surname: 'Test' }, 'named'));
    expect(error).toBeInstanceOf(HolderNamesDisagree);
    expect(error).toMatchObject({ code: 'names-disagree', details: { names: ['surname'] }, conflicts: [{ name: 'surname', recorded: 'Al Harthy' }] });
    expect(error?.message).not.toContain('Al Harthy');
  });

  it('refuses a person the registry records as deceased', async () => {
    expect(await refusal(certificateHolder(registry, { civilNumber: '10000001' }, 'named'))).toMatchObject({ code: 'person-deceased' });
  });

  it('for a person the registry does not hold: refused, or the names given when the caller may name them', async () => {
    expect(await refusal(certificateHolder(registry, { civilNumber: '90012399', givenName: 'Aisha', surname: 'Al Balushi' }, 'refuse'))).toMatchObject({ code: 'person-unknown' });
    expect(await refusal(certificateHolder(registry, { civilNumber: '90012399', givenName: 'Aisha' }, 'named'))).toMatchObject({ code: 'request-invalid' });
    expect(await certificateHolder(registry, { civilNumber: '90012399', givenName: 'Aisha', surname: 'Al Balushi', cardExpiry: '2031-01-01T00:00:00Z' }, 'named')).toEqual({
      identity: { civilNumber: '90012399', givenName: 'Aisha', surname: 'Al Balushi', fullName: 'Aisha Al Balushi' },
      cardExpiry: new Date('2031-01-01T00:00:00Z'),
    });
  });
});
