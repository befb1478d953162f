import type { RelyingParty } from '@theqa/relying-parties';
import { acrToReport, AcrRefused, requiredAssurance } from './required-assurance';

const MEDIUM = 'urn:theqa:loa:medium';
const HIGH = 'urn:theqa:loa:high';

const rp = (acrValues: RelyingParty['acrValues']) => ({ clientId: 'naql', acrValues }) as RelyingParty;
const essential = (values: unknown) => ({ id_token: { acr: { essential: true, values } } });

describe('the assurance a login must reach', () => {
  it('without acr_values or an essential acr: the lowest registered level', () => {
    expect(requiredAssurance(rp([MEDIUM, HIGH]), undefined, undefined)).toBe('medium');
    expect(requiredAssurance(rp([HIGH]), '', undefined)).toBe('high');
    // A voluntary acr claim asks for nothing.
    expect(requiredAssurance(rp([MEDIUM, HIGH]), undefined, { id_token: { acr: { values: [HIGH] } } })).toBe('medium');
  });

  it('an essential acr is required: the least of its values, alone or beside acr_values (the strictest wins)', () => {
    expect(requiredAssurance(rp([MEDIUM, HIGH]), undefined, essential([HIGH]))).toBe('high');
    expect(requiredAssurance(rp([MEDIUM, HIGH]), undefined, essential([HIGH, MEDIUM]))).toBe('medium');
    expect(requiredAssurance(rp([MEDIUM, HIGH]), undefined, { id_token: { acr: { essential: true, value: HIGH } } })).toBe('high');
    expect(requiredAssurance(rp([MEDIUM, HIGH]), MEDIUM, essential([HIGH]))).toBe('high');
    expect(requiredAssurance(rp([MEDIUM, HIGH]), HIGH, essential([MEDIUM]))).toBe('high');
  });

  it('an unknown or unregistered level, or values that are not a list, is an invalid request', () => {
    expect(() => requiredAssurance(rp([MEDIUM]), undefined, essential([HIGH]))).toThrow(AcrRefused);
    expect(() => requiredAssurance(rp([MEDIUM, HIGH]), undefined, essential(['urn:other:loa:3']))).toThrow(/unknown acr value/);
    expect(() => requiredAssurance(rp([MEDIUM, HIGH]), undefined, essential(HIGH))).toThrow(/array/);
    expect(() => requiredAssurance(rp([MEDIUM]), HIGH, undefined)).toThrow(/not registered/);
  });
});

describe('the acr an ID token states', () => {
  it("is the identity's own level, or the highest essential value it satisfies when its own is not listed", () => {
    expect(acrToReport('medium', undefined)).toBe(MEDIUM);
    expect(acrToReport('high', undefined)).toBe(HIGH);
    expect(acrToReport('high', essential([MEDIUM, HIGH]))).toBe(HIGH);
    expect(acrToReport('high', essential([MEDIUM]))).toBe(MEDIUM);
    expect(acrToReport('medium', essential([MEDIUM]))).toBe(MEDIUM);
  });
});
