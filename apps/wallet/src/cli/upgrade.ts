import { sign } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { decodeQrPayload, toBase64url, upgradeScanSigningBytes, DEVICE_PROTOCOL_VERSION, ProtocolFormatError, type UpgradeResult, type UpgradeState } from '@theqa/device-protocol';
import { pinProof } from './device-key';
import type { PlatformClient } from './platform-client';
import { sealNewSigningKey } from './signing-key';
import { readOneTimeCode } from './sms-inbox';
import { openSealed, unsealingSecret } from './unsealing';
import type { WalletHome, WalletState } from './wallet-home';
import { expected, WalletError } from './wallet-error';

export interface UpgradeOptions {
  /** The text of the QR code the portal shows; absent to carry on the upgrade this wallet took up. */
  qr?: string;
  pin: string;
  selfie?: string;
  otp?: string;
  /** Where to read the SMS code in development (default: the number given at registration). */
  phone?: string;
}

export interface UpgradeOutcome {
  result: UpgradeResult;
  wallet: WalletState;
}

/**
 * The upgrade to HIGH as the phone app does it, after the person picked this device in the portal
 * (at HIGH, the same journey renews this device's signing key: `purpose: 'renewal'`):
 * the QR code scanned (a claim signed by the device key), face match, the SMS code, the terms, then a
 * signing key made here — never the device key — and sealed like it, whose CSR goes with the PIN's
 * proof; the platform's Citizen Signing CA certifies it. The journey token is kept in the wallet until
 * the end, so that a run that stopped (a wrong code, a face that did not match) is carried on by
 * `wallet upgrade` without --qr. In development the camera and the SMS inbox are the platform's
 * stand-ins, as at registration.
 */
export async function upgrade(client: PlatformClient, home: WalletHome, options: UpgradeOptions, progress: (line: string) => void): Promise<UpgradeOutcome> {
  let wallet = await home.read();
  let secret: Buffer | undefined;
  // One PIN check (the server's, counted) opens what this run needs: the device key for the scan, the seal for the signing key.
  const earned = async () => (secret ??= await unsealingSecret(client, wallet, options.pin));
  try {
    let token: string;
    let state: UpgradeState;
    if (options.qr !== undefined) {
      const request = readUpgradeQr(options.qr, wallet);
      const deviceKey = openSealed(wallet.key, await earned(), wallet.device.serial);
      const unsigned = { v: DEVICE_PROTOCOL_VERSION, request, device: wallet.device.serial } as const;
      const signature = toBase64url(sign('sha256', upgradeScanSigningBytes(unsigned), { key: deviceKey, dsaEncoding: 'ieee-p1363' }));
      state = await client.post<UpgradeState>('/identity/upgrades/claim', { ...unsigned, signature });
      token = expected(state.journey_token, 'a journey token');
      wallet = { ...wallet, upgrade: { journey_token: token, taken_up_at: new Date().toISOString() } };
      await home.write(wallet);
      progress(state.purpose === 'renewal' ? `renewal of the signing key taken up on this device (${wallet.device.serial})` : `upgrade taken up on this device (${wallet.device.serial})`);
    } else {
      token = pendingToken(wallet);
      state = await client.get<UpgradeState>('/identity/upgrades/current', token);
      progress(`carrying on the upgrade at step "${state.step}"`);
    }

    let codeSince = new Date(0);
    if (state.step === 'face') {
      const selfie = options.selfie ? (await fs.readFile(options.selfie)).toString('base64') : (await client.get<{ selfie: string }>(`/dev/selfie/${encodeURIComponent(wallet.civil_number)}`)).selfie;
      codeSince = new Date(Date.now() - 1000);
      state = await client.post<UpgradeState>('/identity/upgrades/current/face', { selfie }, token);
      progress('face matched the civil registry photo');
    }
    if (state.step === 'otp') {
      const code = options.otp ?? (await readOneTimeCode(client, options.phone ?? wallet.phone, 'upgrade-otp', codeSince, state.phone_on_record));
      state = await client.post<UpgradeState>('/identity/upgrades/current/otp', { code }, token);
      progress('SMS code accepted');
    }
    if (state.step === 'terms') {
      const terms = expected(state.terms, 'the terms to accept');
      progress(`terms ${terms.version}: ${terms.en}`);
      state = await client.post<UpgradeState>('/identity/upgrades/current/terms', { version: terms.version }, token);
      progress(`terms ${terms.version} accepted`);
    }
    if (state.step !== 'signing-key') throw new WalletError(`the platform's upgrade is at step "${state.step}", which this wallet does not know`, 'protocol-mismatch');

    let result: UpgradeResult | undefined;
    wallet = await sealNewSigningKey(home, wallet, await earned(), async ({ csr }) => {
      result = await client.post<UpgradeResult>('/identity/upgrades/current/signing-key', { csr, pin_proof: pinProof(wallet.civil_number, options.pin) }, token);
      return { certificate: result.certificate, chain: result.chain };
    });
    const { upgrade: _done, ...finished } = wallet;
    await home.write(finished);
    progress(result?.purpose === 'renewal' ? 'new signing key made on this device and certified by the Citizen Signing CA; the previous one is revoked' : 'signing key made on this device and certified by the Citizen Signing CA');
    return { result: expected(result, 'the upgrade result'), wallet: finished };
  } catch (error) {
    // A journey that can no longer go on is forgotten: the next upgrade begins in the portal.
    if (error instanceof WalletError && JOURNEY_OVER.has(error.code)) await forgetUpgrade(home);
    throw error;
  } finally {
    secret?.fill(0);
  }
}

/** Refusals after which the journey cannot be carried on. */
const JOURNEY_OVER = new Set(['journey-unknown', 'journey-closed', 'journey-expired', 'step-expired', 'face-attempts-exhausted', 'otp-attempts-exhausted', 'pin-blocked', 'device-revoked']);

/** The QR code names its server: the wallet follows it only to the platform it is registered with. */
function readUpgradeQr(text: string, wallet: WalletState): string {
  let qr;
  try {
    qr = decodeQrPayload(text.trim());
  } catch (error) {
    if (error instanceof ProtocolFormatError) throw new WalletError(`this is not a Theqa upgrade code: ${error.message}`, 'qr-invalid');
    throw error;
  }
  if (qr.kind !== 'upgrade') throw new WalletError('this QR code is not an upgrade to HIGH (a login code is approved with "wallet approve")', 'qr-invalid');
  if (new URL(wallet.server).origin !== qr.server) throw new WalletError(`this QR code is for ${qr.server}, not the platform this wallet is registered with (${new URL(wallet.server).origin})`, 'qr-foreign-server');
  if (new Date(qr.expires_at) <= new Date()) throw new WalletError('this upgrade code has expired: refresh the portal page and scan the new one', 'upgrade-code-expired');
  return qr.request;
}

function pendingToken(wallet: WalletState): string {
  if (!wallet.upgrade) throw new WalletError('this wallet has no upgrade to carry on: pick this device in the self-service portal and scan its code (--qr)', 'no-upgrade-pending');
  return wallet.upgrade.journey_token;
}

async function forgetUpgrade(home: WalletHome): Promise<void> {
  const { upgrade: _forgotten, ...rest } = await home.read();
  await home.write(rest);
}
