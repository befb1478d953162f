import type { KeyObject } from 'node:crypto';
import { readUnsealResult, PIN_LENGTH, ProtocolFormatError } from '@theqa/device-protocol';
import { answerChallenge, pinProof, privateKeyFrom } from './device-key';
import type { PlatformClient } from './platform-client';
import { openKey, type SealedKey } from './sealed-key';
import type { WalletState } from './wallet-home';
import { WalletError } from './wallet-error';

/**
 * Opens the device key with the server's help (device-protocol unsealing.ts): an `unseal` challenge,
 * answered with the PIN's proof and signed by the unseal key, earns the unsealing secret. The PIN is
 * checked by the server, which counts a wrong one toward the block; this wallet never judges it.
 */
export async function openDeviceKey(client: PlatformClient, wallet: WalletState, pin: string): Promise<KeyObject> {
  const secret = await unsealingSecret(client, wallet, pin);
  try {
    return openSealed(wallet.key, secret, wallet.device.serial);
  } finally {
    secret.fill(0);
  }
}

/**
 * The device key and, when the wallet holds one, the signing key: both sealed under the one secret
 * that a right PIN earns (the signing key bound to its own purpose), so one PIN check opens both.
 */
export async function openWalletKeys(client: PlatformClient, wallet: WalletState, pin: string): Promise<{ deviceKey: KeyObject; signingKey?: KeyObject }> {
  const secret = await unsealingSecret(client, wallet, pin);
  try {
    return {
      deviceKey: openSealed(wallet.key, secret, wallet.device.serial),
      signingKey: wallet.signing && openSealed(wallet.signing.key, secret, signingKeyBinding(wallet.device.serial)),
    };
  } finally {
    secret.fill(0);
  }
}

/** The secret the platform releases for a right PIN (which it checks and counts); the caller wipes it. */
export async function unsealingSecret(client: PlatformClient, wallet: WalletState, pin: string): Promise<Buffer> {
  // The format is no secret: a PIN that cannot be right is not worth one of the three attempts.
  if (typeof pin !== 'string' || !new RegExp(`^[0-9]{${PIN_LENGTH}}$`).test(pin)) throw new WalletError('the PIN is 6 digits — الرقم السري 6 أرقام', 'pin-format');
  const serial = wallet.device.serial;
  const { payload } = await client.post<{ payload: string }>(`/devices/${encodeURIComponent(serial)}/challenges`, { purpose: 'unseal' });
  const { challenge, answer } = answerChallenge({ payload, deviceSerial: serial, privateKey: privateKeyFrom(Buffer.from(wallet.unseal_key, 'base64')), decision: 'approve', pinProof: pinProof(wallet.civil_number, pin) });
  if (challenge.purpose !== 'unseal' || challenge.device !== serial) throw new WalletError('the platform sent another challenge than the one asked for', 'protocol-mismatch');
  try {
    return Buffer.from(readUnsealResult(await client.post<unknown>('/devices/unseal', answer)).unsealing_secret, 'base64url');
  } catch (error) {
    if (error instanceof ProtocolFormatError) throw new WalletError(`the platform's answer is not an unsealing secret: ${error.message}`, 'protocol-mismatch');
    throw error;
  }
}

/** What the signing key is sealed to: the serial and its purpose, so that neither sealed key passes for the other. */
export const signingKeyBinding = (serial: string) => `${serial}/signing-key`;

/** A sealed key opened with a secret already earned (the device key is bound to the serial, the signing key to signingKeyBinding). */
export function openSealed(sealed: SealedKey, secret: Buffer, binding: string): KeyObject {
  const pkcs8 = openKey(sealed, secret, binding);
  try {
    return privateKeyFrom(pkcs8);
  } finally {
    pkcs8.fill(0);
  }
}
