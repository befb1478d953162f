import { IntegrationError } from '../errors';

/** The GCC countries whose mobile numbers the SMS gateway delivers to. */
export type GccCountry = 'OM' | 'AE' | 'SA' | 'QA' | 'BH' | 'KW';

// Country calling code and the national mobile number plan (leading digits and length).
const MOBILE_PLANS: readonly { country: GccCountry; code: string; national: RegExp }[] = [
  { country: 'OM', code: '968', national: /^[79]\d{7}$/ },
  { country: 'AE', code: '971', national: /^5\d{8}$/ },
  { country: 'SA', code: '966', national: /^5\d{8}$/ },
  { country: 'QA', code: '974', national: /^[3567]\d{7}$/ },
  { country: 'BH', code: '973', national: /^[36]\d{7}$/ },
  { country: 'KW', code: '965', national: /^[569]\d{7}$/ },
];

export interface MobileNumber {
  /** `+` and digits only, e.g. `+96891234567`. */
  e164: string;
  country: GccCountry;
}

/**
 * Accepts a mobile number of Oman or another GCC country in strict E.164 form, as the gateway takes
 * it. Refusals say why in `details.reason`: `not-e164`, `country-not-served`, `not-a-mobile-number`.
 */
export function parseMobileNumber(input: string): MobileNumber {
  if (typeof input !== 'string' || !/^\+[1-9]\d{7,14}$/.test(input)) {
    throw invalid('not-e164', 'a phone number must be in E.164 form, e.g. +96891234567');
  }
  const plan = MOBILE_PLANS.find((p) => input.startsWith(`+${p.code}`));
  if (!plan) throw invalid('country-not-served', 'only Omani and other GCC mobile numbers are served');
  if (!plan.national.test(input.slice(1 + plan.code.length))) {
    throw invalid('not-a-mobile-number', `not a mobile number of ${plan.country}`);
  }
  return { e164: input, country: plan.country };
}

/**
 * What a person types, made E.164: spaces, dashes, dots and parentheses dropped, `00` read as `+`,
 * and eight digits alone read as an Omani number. The result is then checked like any other.
 */
export function normalizePhoneNumber(input: string): MobileNumber {
  const compact = String(input).replace(/[\s\-.()]/g, '');
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  return parseMobileNumber(/^\d{8}$/.test(international) ? `+968${international}` : international);
}

function invalid(reason: string, message: string): IntegrationError {
  return new IntegrationError('phone-number-invalid', message, { reason });
}
