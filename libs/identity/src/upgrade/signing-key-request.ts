import { createPublicKey } from 'node:crypto';
import { CaError, verifyCsr } from '@theqa/ca';
import type { RegistryPerson } from '@theqa/integrations';
import { IdentityError } from '../identity-error';
import { issuePersonCertificate } from '../devices/device-certificate';
import type { DeviceRecord, SigningCertificates } from '../ports';

const CSR_LIMIT = 16_384;

/**
 * The signing key a device asks a certificate for, checked before anything is issued: a PKCS#10
 * request whose signature verifies with its own key (proof of possession), and a NEW key — neither
 * the device's login key nor its unseal key. Keys are compared by their curve and point coordinates,
 * so the same key written another way (a compressed point) is still the same key.
 */
export async function checkSigningKeyRequest(csr: unknown, device: DeviceRecord): Promise<{ csr: string; spki: Buffer }> {
  if (typeof csr !== 'string' || csr.length === 0 || csr.length > CSR_LIMIT) throw new IdentityError('csr-invalid', 'csr must be a PKCS#10 request (PEM or base64 DER)');
  let spki: Buffer;
  try {
    spki = (await verifyCsr(csr)).publicKey.spki;
  } catch (error) {
    if (error instanceof CaError) throw new IdentityError('csr-invalid', error.message, { ca_code: error.code });
    throw error;
  }
  const requested = coordinates(spki);
  const ownKeys = [device.publicKeySpki, device.unsealing?.keySpki].filter((k): k is Buffer => k !== undefined).map(coordinates);
  if (ownKeys.includes(requested)) {
    throw new IdentityError('signing-key-is-login-key', "the signing key must be a new key made for signing, not one of the device's own keys");
  }
  return { csr, spki };
}

/** The qualified signing certificate for the checked request, the subject from the registry record. */
export function issueSigningCertificate(certificates: SigningCertificates, csr: string, person: RegistryPerson, actor: string) {
  return issuePersonCertificate(certificates, csr, person, actor);
}

/** A public key as its JWK's curve and coordinates (RSA: modulus and exponent): one form, however the DER wrote the point. */
function coordinates(spki: Buffer): string {
  const { kty, crv, x, y, n, e } = createPublicKey({ key: spki, format: 'der', type: 'spki' }).export({ format: 'jwk' });
  return JSON.stringify([kty, crv, x, y, n, e]);
}
