import fs from 'node:fs';
import path from 'node:path';

/** Object identifiers from the standards the CA follows (RFC 5280, RFC 6960, ETSI EN 319 412). */
export const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  prime256v1: '1.2.840.10045.3.1.7',
  secp384r1: '1.3.132.0.34',
  rsaEncryption: '1.2.840.113549.1.1.1',
  // Name attributes
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  givenName: '2.5.4.42',
  organizationIdentifier: '2.5.4.97',
  // Extensions
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  qcStatements: '1.3.6.1.5.5.7.1.3',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
  accessOcsp: '1.3.6.1.5.5.7.48.1',
  accessCaIssuers: '1.3.6.1.5.5.7.48.2',
  // ETSI EN 319 412-5 QC statements and EN 319 412-1 semantics identifier
  qcCompliance: '0.4.0.1862.1.1',
  qcSscd: '0.4.0.1862.1.4',
  qcPds: '0.4.0.1862.1.5',
  qcType: '0.4.0.1862.1.6',
  qcTypeEsign: '0.4.0.1862.1.6.1',
  qcTypeEseal: '0.4.0.1862.1.6.2',
  pkixQcSyntaxV2: '1.3.6.1.5.5.7.11.2',
  semanticsIdNatural: '0.4.0.194121.1.1',
  semanticsIdLegal: '0.4.0.194121.1.2',
  // ETSI EN 319 411-2 policies: qualified certificates for natural persons with the key in a QSCD,
  // and for legal persons (seals)
  etsiQcpNQscd: '0.4.0.194112.1.2',
  etsiQcpL: '0.4.0.194112.1.1',
} as const;

export const EXTENDED_KEY_USAGE: Record<string, string> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  OCSPSigning: '1.3.6.1.5.5.7.3.9',
  documentSigning: '1.3.6.1.5.5.7.3.36',
};

/** The platform's own OIDs (certs/oids.json): one placeholder arc, named suffixes. */
export interface PlatformOids {
  arc: string;
  policies: Record<string, string>;
  extendedKeyUsages: Record<string, string>;
}

const STANDARD_POLICIES: Record<string, string> = { 'etsi-qcp-n-qscd': OID.etsiQcpNQscd, 'etsi-qcp-l': OID.etsiQcpL };

export function loadPlatformOids(certsDir: string): PlatformOids {
  const raw = JSON.parse(fs.readFileSync(path.join(certsDir, 'oids.json'), 'utf8')) as {
    arc: string;
    policies: Record<string, string>;
    extendedKeyUsages: Record<string, string>;
  };
  const under = (suffixes: Record<string, string>) =>
    Object.fromEntries(Object.entries(suffixes).map(([name, suffix]) => [name, `${raw.arc}.${suffix}`]));
  return {
    arc: raw.arc,
    policies: { ...STANDARD_POLICIES, ...under(raw.policies) },
    extendedKeyUsages: { ...EXTENDED_KEY_USAGE, ...under(raw.extendedKeyUsages) },
  };
}
