import { bigInteger, boolean, explicit, implicitConstructed, implicitPrimitive, octetString, oid, sequence } from '../der/der-writer';
import { CrlError } from './crl-types';

/** The CRL-wide extensions (RFC 5280 §5.2): built once per CRL, so plain DER helpers are fast enough. */

const MAX_CRL_NUMBER = 2n ** 159n; // 20 content octets, the sign bit clear

function extension(dotted: string, critical: boolean, value: Buffer): Buffer {
  // DER omits a DEFAULT FALSE `critical`.
  return critical ? sequence(oid(dotted), boolean(true), octetString(value)) : sequence(oid(dotted), octetString(value));
}

/** authorityKeyIdentifier (2.5.29.35), non-critical: SEQUENCE { [0] keyIdentifier }. */
export function authorityKeyIdentifierExtension(keyIdentifier: Buffer): Buffer {
  if (!(keyIdentifier instanceof Uint8Array) || keyIdentifier.length === 0) {
    throw new CrlError('authorityKeyIdentifier must be the non-empty keyIdentifier octets of the CA key');
  }
  return extension('2.5.29.35', false, sequence(implicitPrimitive(0, Buffer.from(keyIdentifier))));
}

/** cRLNumber (2.5.29.20), non-critical: a non-negative INTEGER of at most 20 octets (§5.2.3). */
export function crlNumberExtension(crlNumber: bigint): Buffer {
  if (typeof crlNumber !== 'bigint' || crlNumber < 0n || crlNumber >= MAX_CRL_NUMBER) {
    throw new CrlError(`crlNumber must be a bigint in 0 … 2^159−1 (at most 20 octets), got ${String(crlNumber)}`);
  }
  return extension('2.5.29.20', false, bigInteger(crlNumber));
}

/**
 * issuingDistributionPoint (2.5.29.28), critical (§5.2.5) with only distributionPoint.fullName = one URI:
 * SEQUENCE { [0] { [0] { [6] IA5String } } }. Relying parties then check that they fetched the CRL that
 * covers the certificate's cRLDistributionPoints.
 */
export function issuingDistributionPointExtension(url: string): Buffer {
  if (typeof url !== 'string' || !/^[\x21-\x7e]+$/.test(url) || !URL.canParse(url)) {
    throw new CrlError(`issuingDistributionPoint must be an absolute ASCII URL, got ${JSON.stringify(url)}`);
  }
  const uri = implicitPrimitive(6, Buffer.from(url, 'latin1'));
  return extension('2.5.29.28', true, sequence(implicitConstructed(0, implicitConstructed(0, uri))));
}

/** crlExtensions: [0] EXPLICIT SEQUENCE OF Extension. */
export const crlExtensions = (extensions: Buffer[]) => explicit(0, sequence(...extensions));
