declare const civilNumberBrand: unique symbol;

/**
 * A person's civil number, as the civil registry and the ID card carry it: 6 to 12 ASCII digits (older
 * numbers are shorter). Only `parseCivilNumber` (and the guards below) make one, so a value of this type
 * has been checked; it is still a string everywhere else (JSON, SQL, logs).
 */
export type CivilNumber = string & { readonly [civilNumberBrand]: true };

/** The bounds of the rule, for forms (`maxlength`, the input's `pattern`) and messages. */
export const CIVIL_NUMBER_LENGTH = { min: 6, max: 12 } as const;

/**
 * The rule as a RegExp, for validators that take one (class-validator's `@Matches`). Code that checks a
 * value calls `parseCivilNumber` or `isCivilNumber` instead. No `g` or `y` flag: `test` keeps no state.
 */
export const CIVIL_NUMBER_PATTERN = new RegExp(`^[0-9]{${CIVIL_NUMBER_LENGTH.min},${CIVIL_NUMBER_LENGTH.max}}$`);

/** The one reading of a civil number: the value itself when it is one, else undefined. Nothing is trimmed. */
export function parseCivilNumber(input: unknown): CivilNumber | undefined {
  return isCivilNumber(input) ? input : undefined;
}

export function isCivilNumber(input: unknown): input is CivilNumber {
  return typeof input === 'string' && CIVIL_NUMBER_PATTERN.test(input);
}

/** Thrown by `assertCivilNumber`; callers that answer in their own terms use `parseCivilNumber` instead. */
export class CivilNumberError extends Error {
  readonly code = 'civil-number-invalid';

  constructor(message = `a civil number is ${CIVIL_NUMBER_LENGTH.min} to ${CIVIL_NUMBER_LENGTH.max} digits`) {
    super(message);
    this.name = 'CivilNumberError';
  }
}

export function assertCivilNumber(input: unknown): asserts input is CivilNumber {
  if (!isCivilNumber(input)) throw new CivilNumberError();
}
