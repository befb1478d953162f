export {
  type CivilNumber,
  CIVIL_NUMBER_LENGTH,
  CIVIL_NUMBER_PATTERN,
  parseCivilNumber,
  isCivilNumber,
  assertCivilNumber,
  CivilNumberError,
} from './civil-number';
export {
  ASSURANCE_LEVELS,
  type AssuranceLevel,
  ACR,
  ACR_VALUES,
  type AcrValue,
  isAssuranceLevel,
  isAcrValue,
  acrOf,
  assuranceOfAcr,
  satisfies,
  lowest,
} from './assurance';
export type { Language, Bilingual } from './bilingual';
export { canonicalJson } from './canonical-json';
export type { RateLimit, RateLimiter, RateVerdict } from './rate-limit';
