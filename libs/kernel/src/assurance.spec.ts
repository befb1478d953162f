import { ACR, ACR_VALUES, acrOf, ASSURANCE_LEVELS, assuranceOfAcr, isAcrValue, isAssuranceLevel, lowest, satisfies } from './index';

describe('assurance levels', () => {
  it('are medium then high, with the acr values of the contract', () => {
    expect(ASSURANCE_LEVELS).toEqual(['medium', 'high']);
    expect(ACR).toEqual({ medium: 'urn:theqa:loa:medium', high: 'urn:theqa:loa:high' });
    expect(ACR_VALUES).toEqual(['urn:theqa:loa:medium', 'urn:theqa:loa:high']);
  });

  it('map to acr values and back', () => {
    for (const level of ASSURANCE_LEVELS) expect(assuranceOfAcr(acrOf(level))).toBe(level);
    for (const other of ['urn:theqa:loa:low', 'high', 'URN:THEQA:LOA:HIGH', '', undefined, 2]) expect(assuranceOfAcr(other)).toBeUndefined();
  });

  it('recognise their own values only', () => {
    expect(['medium', 'high'].every(isAssuranceLevel)).toBe(true);
    expect(['low', 'HIGH', 'urn:theqa:loa:high', undefined].some(isAssuranceLevel)).toBe(false);
    expect(ACR_VALUES.every(isAcrValue)).toBe(true);
    expect(['medium', 'urn:theqa:loa:low', null].some(isAcrValue)).toBe(false);
  });

  it('are satisfied by the same level or a higher one, never a lower', () => {
    expect(satisfies('high', 'medium')).toBe(true);
    expect(satisfies('high', 'high')).toBe(true);
    expect(satisfies('medium', 'medium')).toBe(true);
    expect(satisfies('medium', 'high')).toBe(false);
  });

  it('name the lowest of several acceptable levels', () => {
    expect(lowest(['high', 'medium'])).toBe('medium');
    expect(lowest(new Set(['high'] as const))).toBe('high');
    expect(lowest([])).toBeUndefined();
  });
});
