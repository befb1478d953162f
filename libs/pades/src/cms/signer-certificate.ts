/**
 * What the CMS needs from the signer's certificate: its issuer and serial number as encoded (for
 * IssuerAndSerialNumber and ESS IssuerSerial), its SHA-256 hash, and its key type, which decides the
 * signature algorithm.
 */
import { X509Certificate, createHash, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { SigningError } from '../errors';

export type SignerKeyType = 'ecdsa' | 'rsa';

export interface SignerCertificate {
  der: Buffer;
  sha256: Buffer;
  issuer: Buffer;
  serialNumber: Buffer;
  keyType: SignerKeyType;
  publicKey: KeyObject;
  /** Bytes of an ECDSA signature in IEEE P1363 form (r ‖ s); the RSA modulus length for RSA. */
  signatureSize: number;
}

const CURVE_BYTES: Record<string, number> = { prime256v1: 32, secp384r1: 48, secp521r1: 66 };

export function readSignerCertificate(der: Buffer): SignerCertificate {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der);
  } catch {
    throw new SigningError('certificate-malformed', 'the signer certificate is not a DER X.509 certificate');
  }
  const parsed = asn1js.fromBER(der);
  const tbs = (parsed.result as asn1js.Sequence).valueBlock?.value?.[0] as asn1js.Sequence | undefined;
  const fields = tbs?.valueBlock?.value ?? [];
  // tbsCertificate: [0] version (optional), serialNumber, signature, issuer, …
  const first = fields[0]?.idBlock.tagClass === 3 ? 1 : 0;
  const serial = fields[first];
  const issuer = fields[first + 2];
  if (parsed.offset === -1 || !(serial instanceof asn1js.Integer) || !(issuer instanceof asn1js.Sequence)) {
    throw new SigningError('certificate-malformed', 'the signer certificate has no issuer or serial number');
  }
  const publicKey = certificate.publicKey;
  const type = publicKey.asymmetricKeyType;
  let keyType: SignerKeyType;
  let signatureSize: number;
  if (type === 'ec') {
    keyType = 'ecdsa';
    signatureSize = CURVE_BYTES[publicKey.asymmetricKeyDetails?.namedCurve ?? ''] * 2;
    if (!signatureSize) throw new SigningError('certificate-key-unsupported', `the signer's curve ${publicKey.asymmetricKeyDetails?.namedCurve} is not supported`);
  } else if (type === 'rsa') {
    keyType = 'rsa';
    signatureSize = Math.ceil((publicKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  } else {
    throw new SigningError('certificate-key-unsupported', `the signer's ${type} key is not supported: ECDSA or RSA`);
  }
  return {
    der,
    sha256: createHash('sha256').update(der).digest(),
    issuer: Buffer.from(issuer.valueBeforeDecodeView),
    serialNumber: Buffer.from(serial.valueBeforeDecodeView),
    keyType,
    publicKey,
    signatureSize,
  };
}
