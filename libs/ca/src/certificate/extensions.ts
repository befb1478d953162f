import { hash } from 'node:crypto';
import { boolean, ia5String, implicitPrimitive, implicitConstructed, namedBits, nullValue, octetString, oid, printableString, sequence, smallInteger, tlv, Tag } from '../der/der-writer';
import { children, content, readRoot } from '../der/der-reader';
import { KEY_USAGES, type CertificateProfile } from '../profiles/certificate-profile';
import { OID, type PlatformOids } from '../oids';

/** An X.509 extension ready to encode: `value` is the DER that goes inside extnValue's OCTET STRING. */
export interface Extension {
  oid: string;
  critical: boolean;
  value: Buffer;
}

// Most extensions of a certificate are the same objects for every certificate of a profile and issuer
// (see CertificateIssuer's templates): their encoding is computed once.
const encoded = new WeakMap<Extension, Buffer>();

export function encodeExtension(extension: Extension): Buffer {
  let der = encoded.get(extension);
  if (!der) {
    const { oid: id, critical, value } = extension;
    der = critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));
    encoded.set(extension, der);
  }
  return der;
}

/** The subject key identifier extension: the one extension that differs between certificates of a profile. */
export function subjectKeyIdentifierExtension(subjectKeyId: Buffer): Extension {
  return { oid: OID.subjectKeyIdentifier, critical: false, value: octetString(subjectKeyId) };
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING's bits. */
export function keyIdentifier(spki: Buffer): Buffer {
  const [, bits] = children(spki, readRoot(spki));
  return keyIdentifierOfBits(content(spki, bits).subarray(1));
}

/** The same, from the bits already cut out of the SubjectPublicKeyInfo (SubjectPublicKey.keyBits). */
export function keyIdentifierOfBits(keyBits: Buffer): Buffer {
  return hash('sha1', keyBits, 'buffer');
}

export interface ExtensionContext {
  profile: CertificateProfile;
  oids: PlatformOids;
  subjectKeyId: Buffer;
  /** Absent for a self-signed root. */
  authorityKeyId?: Buffer;
  /** Where relying parties find the issuer's status services. */
  urls?: { ocsp: string; caIssuers: string; crl: string };
  /** The ETSI semantics identifier statement the subject's identifier is declared by: natural persons (PNO serialNumber) and legal persons (organizationIdentifier). */
  semantics?: 'natural' | 'legal';
}

const GENERAL_NAME_URI = 6;

function basicConstraints(profile: CertificateProfile): Extension {
  const { ca, pathLength } = profile.basicConstraints;
  const fields = ca ? [boolean(true), ...(pathLength !== undefined ? [smallInteger(pathLength)] : [])] : [];
  return { oid: OID.basicConstraints, critical: true, value: sequence(...fields) };
}

function keyUsage(profile: CertificateProfile): Extension {
  const bits = profile.keyUsage.usages.map((usage) => KEY_USAGES.indexOf(usage));
  return { oid: OID.keyUsage, critical: true, value: namedBits(bits) };
}

function extendedKeyUsage(profile: CertificateProfile, oids: PlatformOids): Extension | undefined {
  const eku = profile.extendedKeyUsage;
  if (!eku) return undefined;
  return { oid: OID.extKeyUsage, critical: eku.critical, value: sequence(...eku.purposes.map((p) => oid(oids.extendedKeyUsages[p]))) };
}

function certificatePolicies(profile: CertificateProfile, oids: PlatformOids): Extension | undefined {
  if (profile.policies.length === 0) return undefined;
  return { oid: OID.certificatePolicies, critical: false, value: sequence(...profile.policies.map((p) => sequence(oid(oids.policies[p])))) };
}

function authorityInformationAccess(urls: ExtensionContext['urls']): Extension | undefined {
  if (!urls) return undefined;
  const access = (method: string, url: string) => sequence(oid(method), implicitPrimitive(GENERAL_NAME_URI, Buffer.from(url, 'latin1')));
  return { oid: OID.authorityInfoAccess, critical: false, value: sequence(access(OID.accessOcsp, urls.ocsp), access(OID.accessCaIssuers, urls.caIssuers)) };
}

function crlDistributionPoints(url: string): Extension {
  // DistributionPoint { distributionPoint [0] { fullName [0] GeneralNames { uniformResourceIdentifier [6] } } }
  const fullName = implicitConstructed(0, implicitPrimitive(GENERAL_NAME_URI, Buffer.from(url, 'latin1')));
  return { oid: OID.crlDistributionPoints, critical: false, value: sequence(sequence(implicitConstructed(0, fullName))) };
}

function qcStatements(context: ExtensionContext): Extension | undefined {
  const qc = context.profile.qcStatements;
  const statements: Buffer[] = [];
  if (context.semantics) {
    // ETSI EN 319 412-1 §5.1.3 and §5.1.4: the PNO serialNumber, or the organizationIdentifier, is
    // declared by the natural- or legal-person semantics identifier.
    statements.push(sequence(oid(OID.pkixQcSyntaxV2), sequence(oid(context.semantics === 'natural' ? OID.semanticsIdNatural : OID.semanticsIdLegal))));
  }
  if (qc) {
    if (qc.compliance) statements.push(sequence(oid(OID.qcCompliance)));
    statements.push(sequence(oid(OID.qcType), sequence(oid(qc.type === 'esign' ? OID.qcTypeEsign : OID.qcTypeEseal))));
    if (qc.sscd) statements.push(sequence(oid(OID.qcSscd)));
    statements.push(sequence(oid(OID.qcPds), sequence(...qc.pds.map((pds) => sequence(ia5String(pds.url), printableString(pds.language))))));
  }
  return statements.length ? { oid: OID.qcStatements, critical: false, value: sequence(...statements) } : undefined;
}

/** Every extension the profile calls for, in a fixed order. */
export function profileExtensions(context: ExtensionContext): Extension[] {
  const { profile, oids } = context;
  const extensions: Array<Extension | undefined> = [
    basicConstraints(profile),
    keyUsage(profile),
    extendedKeyUsage(profile, oids),
    subjectKeyIdentifierExtension(context.subjectKeyId),
    context.authorityKeyId ? { oid: OID.authorityKeyIdentifier, critical: false, value: sequence(implicitPrimitive(0, context.authorityKeyId)) } : undefined,
    certificatePolicies(profile, oids),
    profile.authorityInformationAccess ? authorityInformationAccess(context.urls) : undefined,
    profile.crlDistributionPoint && context.urls ? crlDistributionPoints(context.urls.crl) : undefined,
    qcStatements(context),
    profile.ocspNoCheck ? { oid: OID.ocspNoCheck, critical: false, value: nullValue() } : undefined,
  ];
  return extensions.filter((e): e is Extension => e !== undefined);
}

export const extensionsField = (extensions: Extension[]) => tlv(0xa3, sequence(...extensions.map(encodeExtension)));
export { Tag };
