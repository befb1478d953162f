/**
 * OAuth scopes that stand for groups of attributes, for relying parties that ask by scope rather than
 * by the claims parameter. A scope never grants more than the relying party is entitled to.
 */
export const SCOPE_BUNDLES: Readonly<Record<string, readonly string[]>> = {
  'theqa:identity': ['civil_number', 'full_name_en', 'full_name_ar', 'date_of_birth', 'gender_en', 'gender_ar', 'nationality'],
  'theqa:titles': ['title_en', 'title_ar'],
  'theqa:photo': ['photo_reference'],
  'theqa:card': ['card_expiry_date', 'card_status', 'card_serial_number'],
  'theqa:passport': ['passport_number', 'passport_expiry_date'],
  'theqa:residency': ['visa_expiry_date', 'sponsor_en', 'sponsor_ar', 'visitor_visa_number'],
  'theqa:address': ['permanent_address'],
  'theqa:occupation': ['occupation'],
  'theqa:vital-status': ['date_of_death'],
};

/** The claims a space-separated scope string asks for (unknown scopes add nothing: OAuth ignores them). */
export function claimsOfScope(scope: string): Set<string> {
  const claims = new Set<string>();
  for (const name of scope.split(' ')) for (const claim of SCOPE_BUNDLES[name] ?? []) claims.add(claim);
  return claims;
}
