import { deviceKeyRequestPem, makeDeviceKey } from './device-key';
import type { PlatformClient } from './platform-client';
import { sealKey } from './sealed-key';
import { signingKeyBinding, unsealingSecret } from './unsealing';
import type { WalletHome, WalletState } from './wallet-home';

/** Who certifies the new signing key: the platform's Citizen Signing CA, through the upgrade to HIGH. */
export type SigningKeyCertifier = (request: { csr: string; spki: Buffer; device: string; civilNumber: string }) => Promise<{ certificate: string; chain: string[] }>;

/**
 * The wallet's side of getting a signing key (the upgrade to HIGH): a second P-256 key made here,
 * apart from the device key, sealed under the same PIN-released secret but bound to its purpose, and
 * certified by `certify` (the upgrade journey, upgrade.ts; a test's stand-in in the signing suites).
 * The PIN is checked by the platform, as for every use of the keys.
 */
export async function addSigningKey(client: PlatformClient, home: WalletHome, pin: string, certify: SigningKeyCertifier): Promise<WalletState> {
  const wallet = await home.read();
  const secret = await unsealingSecret(client, wallet, pin);
  try {
    return await sealNewSigningKey(home, wallet, secret, certify);
  } finally {
    secret.fill(0);
  }
}

/** The signing key made and sealed under an unsealing secret already earned (the caller wipes it), certified, and kept. */
export async function sealNewSigningKey(home: WalletHome, wallet: WalletState, secret: Buffer, certify: SigningKeyCertifier): Promise<WalletState> {
  const key = makeDeviceKey();
  try {
    const sealed = sealKey(key.pkcs8, secret, signingKeyBinding(wallet.device.serial));
    const csr = await deviceKeyRequestPem(key.privateKey, key.spki);
    const certified = await certify({ csr, spki: key.spki, device: wallet.device.serial, civilNumber: wallet.civil_number });
    const updated: WalletState = { ...wallet, signing: { key: sealed, certificate: certified.certificate, chain: certified.chain } };
    await home.write(updated);
    return updated;
  } finally {
    key.pkcs8.fill(0);
  }
}
