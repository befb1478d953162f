import { assertCivilNumber, CIVIL_NUMBER_LENGTH, CIVIL_NUMBER_PATTERN, CivilNumberError, isCivilNumber, parseCivilNumber, type CivilNumber } from './index';

describe('civil numbers', () => {
  it.each(['123456', '12345678', '123456789012', '000000'])('accepts %j as it is', (input) => {
    const parsed: CivilNumber | undefined = parseCivilNumber(input);
    expect(parsed).toBe(input);
    expect(isCivilNumber(input)).toBe(true);
    expect(() => assertCivilNumber(input)).not.toThrow();
  });

  it.each([
    ['five digits', '12345'],
    ['thirteen digits', '1234567890123'],
    ['empty', ''],
    ['a letter', '1234567a'],
    ['spaces around', ' 12345678'],
    ['a trailing newline', '12345678\n'],
    ['a sign', '+12345678'],
    ['Arabic-Indic digits', '١٢٣٤٥٦٧٨'],
    ['full-width digits', '１２３４５６７８'],
  ])('refuses %s', (_, input) => {
    expect(parseCivilNumber(input)).toBeUndefined();
    expect(isCivilNumber(input)).toBe(false);
    expect(() => assertCivilNumber(input)).toThrow(CivilNumberError);
  });

  it.each([[12345678], [null], [undefined], [{ toString: () => '12345678' }], [['12345678']]])('refuses the non-string %p', (input) => {
    expect(parseCivilNumber(input)).toBeUndefined();
    expect(isCivilNumber(input)).toBe(false);
  });

  it('throws a typed error with a stable code and the rule in words', () => {
    let thrown: unknown;
    try {
      assertCivilNumber('12');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CivilNumberError);
    expect(thrown).toMatchObject({ name: 'CivilNumberError', code: 'civil-number-invalid', message: 'a civil number is 6 to 12 digits' });
  });

  it('exposes the same rule as a pattern (for class-validator) and as bounds (for forms)', () => {
    expect(CIVIL_NUMBER_LENGTH).toEqual({ min: 6, max: 12 });
    expect(CIVIL_NUMBER_PATTERN.flags).toBe('');
    for (const input of ['12345', '123456', '123456789012', '1234567890123', '1234567x']) expect(CIVIL_NUMBER_PATTERN.test(input)).toBe(isCivilNumber(input));
  });
});
