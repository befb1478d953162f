import { CaError } from '../errors/ca-error';
import { civilNumberOfSemanticsIdentifier, ORGANIZATION_IDENTIFIER } from '../names/distinguished-name';
import { OID } from '../oids';
import { keyAlgorithmAllowed } from '../profiles/certificate-profile';
import type { CertificateDraft } from './certificate-draft';

/**
 * Checks a draft against its profile and RFC 5280 before anything is signed (Let's Encrypt's rule:
 * a certificate that fails lint never exists). Each check is small and named; all failures are reported.
 * Checks come in two groups: what the profile and issuer fix (the same for every certificate of an
 * issuance template, so run once per template) and what differs per certificate (run for each one).
 */
type Check<T> = (draft: T) => string | undefined;

/** What the profile and issuer decide: identical for every certificate issued from one template. */
export type TemplateFacts = Pick<CertificateDraft, 'profile' | 'issuer' | 'extensions'>;
/** What differs from one certificate to the next. */
export type CertificateFacts = Pick<CertificateDraft, 'serial' | 'profile' | 'issuer' | 'notBefore' | 'notAfter' | 'publicKey' | 'subject'>;

const DAY_MS = 86_400_000;
const has = (draft: TemplateFacts, oid: string) => draft.extensions.find((e) => e.oid === oid);

const certificateChecks: Record<string, Check<CertificateFacts>> = {
  serial_is_positive_and_short: ({ serial }) => {
    const significant = serial.subarray(serial.findIndex((b) => b !== 0));
    if (significant.length === 0 || serial.every((b) => b === 0)) return 'serial must be positive';
    if (significant.length + (significant[0] & 0x80 ? 1 : 0) > 20) return 'serial must fit in 20 octets';
    return undefined;
  },
  serial_has_64_bits_of_entropy: ({ serial }) => (serial.length < 9 ? 'serial must carry at least 64 random bits' : undefined),
  validity_is_ordered: ({ notBefore, notAfter }) => (notAfter.getTime() <= notBefore.getTime() ? 'notAfter must be after notBefore' : undefined),
  validity_within_issuer: ({ notBefore, notAfter, issuer }) =>
    notAfter.getTime() > issuer.notAfter.getTime() || notBefore.getTime() < issuer.notBefore.getTime()
      ? `validity must lie within the issuer's (${issuer.notAfter.toISOString()})`
      : undefined,
  validity_within_profile: ({ profile, notBefore, notAfter }) =>
    'days' in profile.validity && notAfter.getTime() - notBefore.getTime() > profile.validity.days * DAY_MS
      ? `validity exceeds the profile's ${profile.validity.days} days`
      : undefined,
  key_allowed_by_profile: ({ profile, publicKey }) =>
    keyAlgorithmAllowed(profile, publicKey.algorithm) ? undefined : `profile ${profile.name} does not allow ${publicKey.algorithm} keys`,
  subject_not_empty: ({ subject }) => (subject.length === 0 ? 'subject must not be empty' : undefined),
  citizen_subject_has_semantics_identifier: ({ profile, subject }) => {
    if (profile.subject !== 'citizen') return undefined;
    const serial = subject.find((a) => a.type === 'serialNumber')?.value ?? '';
    const country = subject.find((a) => a.type === 'C')?.value;
    return civilNumberOfSemanticsIdentifier(serial) !== undefined && country === 'OM' ? undefined : 'citizen subject needs serialNumber PNOOM-<civil number> and C=OM';
  },
  organization_subject_has_identifier: ({ profile, subject }) => {
    if (profile.subject !== 'organization') return undefined;
    const identifier = subject.find((a) => a.type === 'organizationIdentifier')?.value ?? '';
    const country = subject.find((a) => a.type === 'C')?.value;
    return ORGANIZATION_IDENTIFIER.test(identifier) && country && subject.some((a) => a.type === 'O') ? undefined : 'organization subject needs C, O and an ETSI organizationIdentifier';
  },
};

const templateChecks: Record<string, Check<TemplateFacts>> = {
  ca_flag_matches_key_usage: ({ profile }) => {
    const signsCertificates = profile.keyUsage.usages.includes('keyCertSign');
    return signsCertificates !== profile.basicConstraints.ca ? 'keyCertSign must be present exactly when the certificate is a CA' : undefined;
  },
  key_identifiers_present: (draft) =>
    !has(draft, OID.subjectKeyIdentifier) || (!draft.issuer.selfSigned && !has(draft, OID.authorityKeyIdentifier))
      ? 'subject and authority key identifiers are required'
      : undefined,
  time_stamping_eku_alone_and_critical: ({ profile }) => {
    const eku = profile.extendedKeyUsage;
    if (!eku?.purposes.includes('timeStamping')) return undefined;
    return eku.purposes.length === 1 && eku.critical ? undefined : 'RFC 3161: timeStamping must be the only, critical, extended key usage';
  },
  ocsp_signer_has_nocheck: ({ profile }) =>
    profile.extendedKeyUsage?.purposes.includes('OCSPSigning') && !profile.ocspNoCheck ? 'a delegated OCSP responder needs id-pkix-ocsp-nocheck' : undefined,
  qualified_only_with_non_repudiation: ({ profile }) =>
    profile.qcStatements && !profile.keyUsage.usages.includes('nonRepudiation') ? 'a qualified signing certificate needs nonRepudiation' : undefined,
  end_entity_has_revocation_pointers: (draft) =>
    !draft.profile.basicConstraints.ca && !draft.profile.ocspNoCheck && !(has(draft, OID.crlDistributionPoints) && has(draft, OID.authorityInfoAccess))
      ? 'end-entity certificates need CRL distribution point and OCSP access'
      : undefined,
  no_duplicate_extensions: ({ extensions }) =>
    new Set(extensions.map((e) => e.oid)).size !== extensions.length ? 'an extension appears twice' : undefined,
  known_extended_key_usages: ({ profile }) =>
    profile.extendedKeyUsage?.purposes.some((p) => p === 'anyExtendedKeyUsage') ? 'anyExtendedKeyUsage is not allowed' : undefined,
};

// As arrays: per-certificate linting walks them for every certificate, and for-in over an object costs more.
const certificateCheckList = Object.entries(certificateChecks);
const templateCheckList = Object.entries(templateChecks);

function run<T>(checks: Array<[string, Check<T>]>, facts: T, problems: string[]): string[] {
  for (const [name, check] of checks) {
    const problem = check(facts);
    if (problem) problems.push(`${name}: ${problem}`);
  }
  return problems;
}

export function lintCertificate(draft: CertificateDraft): string[] {
  return run(templateCheckList, draft, run(certificateCheckList, draft, []));
}

/** The checks that hold for every certificate of an issuance template: run once, when the template is built. */
export function lintTemplate(facts: TemplateFacts): string[] {
  return run(templateCheckList, facts, []);
}

/** The per-certificate checks: with lintTemplate passed for its template, the same verdict as lintCertificate. */
export function lintCertificateFacts(facts: CertificateFacts): string[] {
  return run(certificateCheckList, facts, []);
}

export function assertLintClean(problems: string[]): void {
  if (problems.length) throw new CaError('certificate-lint-failed', `certificate refused before signing: ${problems.join('; ')}`, { problems });
}
