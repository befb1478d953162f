import { createHash, createPublicKey } from 'node:crypto';
import { fromBase64url, UNSEAL_KEY_PATTERN } from '@theqa/device-protocol';
import { IdentityError } from '../identity-error';
import type { DeviceRecord, SecretMac } from '../ports';

/**
 * The `unseal_key` of a registration or a PIN reset: base64url SPKI of a P-256 public key, returned as
 * the key's canonical DER. Absent for wallets that keep their key themselves (the web wallet).
 */
export function readUnsealKey(value: unknown): Buffer | undefined {
  if (value === undefined) return undefined;
  const refuse = () => new IdentityError('request-invalid', 'unseal_key must be base64url of the SubjectPublicKeyInfo of a P-256 key');
  if (typeof value !== 'string' || !UNSEAL_KEY_PATTERN.test(value)) throw refuse();
  let key;
  try {
    key = createPublicKey({ key: Buffer.from(fromBase64url(value)), format: 'der', type: 'spki' });
  } catch {
    throw refuse();
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw refuse();
  return key.export({ type: 'spki', format: 'der' });
}

/** The unseal key lies in the wallet's folder unsealed: the device key must be another key. */
export function sameKeys(): IdentityError {
  return new IdentityError('request-invalid', 'unseal_key must not be the device key');
}

/**
 * The secret that opens a device's sealed key: HMAC, under the key-store MAC key of PIN verifiers (a
 * label of its own in the input keeps the two uses apart), of the device serial and the unseal key's
 * SHA-256. It is never stored, only derived when a right PIN earns it, so a database dump holds
 * nothing that opens a wallet; a new unseal key (a PIN reset) gives a new secret.
 */
export async function unsealingSecret(mac: SecretMac, device: Pick<DeviceRecord, 'serial' | 'unsealing'>): Promise<Buffer> {
  const unsealing = device.unsealing;
  if (!unsealing) throw new IdentityError('request-invalid', 'this device keeps its key itself: it has no unseal key');
  // The secret must stay what the wallet sealed under: derived by the key named at registration, never silently by another.
  if (unsealing.macKey !== mac.label) throw new Error(`the unsealing secret of ${device.serial} is derived under MAC key ${unsealing.macKey}, which this server does not use`);
  return mac.mac(Buffer.concat([Buffer.from(`theqa-unseal/1\u0000${device.serial}\u0000`, 'utf8'), createHash('sha256').update(unsealing.keySpki).digest()]));
}
