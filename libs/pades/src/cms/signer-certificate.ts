/**
 * What the CMS needs from the signer's certificate: its issuer and serial number as encoded (for
 * IssuerAndSerialNumber and ESS IssuerSerial), its SHA-256 hash, and its key type, which decides the
 * signature algorithm.
 */
import { X509Certificate, hash, type KeyObject } from 'node:crypto';
import { SigningError } from '../errors';
import { readHeader } from './asn1';

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

/**
 * The certificates read lately, by SHA-256: prepare and complete each read the signer's certificate,
 * and a seal or a busy signer signs many documents with one; Node's X.509 parse and key import cost
 * more than the rest of the CMS. Kept as copies, so a caller reusing its buffer changes nothing here.
 */
const recent = new Map<string, SignerCertificate>();
const RECENT = 64;

export function readSignerCertificate(der: Buffer): SignerCertificate {
  const sha256 = hash('sha256', der, 'buffer'); // one call: cheaper than createHash for a kilobyte
  const key = sha256.toString('hex');
  const known = recent.get(key);
  if (known) return known;
  const read = parseSignerCertificate(Buffer.from(der), sha256);
  recent.set(key, read);
  if (recent.size > RECENT) recent.delete(recent.keys().next().value as string);
  return read;
}

function parseSignerCertificate(der: Buffer, sha256: Buffer): SignerCertificate {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der);
  } catch {
    throw new SigningError('certificate-malformed', 'the signer certificate is not a DER X.509 certificate');
  }
  // Node has checked the whole certificate; its issuer and serial are read from the DER header by
  // header (asn1js would build a node for every element of every extension, on each signature).
  const { issuer, serialNumber } = issuerAndSerial(der);
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
    sha256,
    issuer,
    serialNumber,
    keyType,
    publicKey,
    signatureSize,
  };
}

const SEQUENCE = { tagClass: 1, tagNumber: 16 };
const INTEGER = { tagClass: 1, tagNumber: 2 };

/** Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, … }, … } */
function issuerAndSerial(der: Buffer): { issuer: Buffer; serialNumber: Buffer } {
  const malformed = () => new SigningError('certificate-malformed', 'the signer certificate has no issuer or serial number');
  try {
    const tbs = readHeader(der, readHeader(der).contentStart);
    if (!isA(tbs, SEQUENCE)) throw malformed();
    let at = tbs.contentStart;
    const elements: Array<{ header: ReturnType<typeof readHeader>; start: number; end: number }> = [];
    while (elements.length < 4) {
      const header = readHeader(der, at);
      const end = header.contentStart + header.contentLength;
      elements.push({ header, start: at, end });
      at = end;
    }
    const first = elements[0].header.tagClass === 3 && elements[0].header.tagNumber === 0 ? 1 : 0;
    const serial = elements[first];
    const issuer = elements[first + 2];
    if (!isA(serial.header, INTEGER) || !isA(issuer.header, SEQUENCE)) throw malformed();
    return { serialNumber: Buffer.from(der.subarray(serial.start, serial.end)), issuer: Buffer.from(der.subarray(issuer.start, issuer.end)) };
  } catch (error) {
    if (error instanceof SigningError) throw error;
    throw malformed();
  }
}

function isA(header: { tagClass: number; tagNumber: number }, kind: { tagClass: number; tagNumber: number }): boolean {
  return header.tagClass === kind.tagClass && header.tagNumber === kind.tagNumber;
}
