import { promises as fs } from 'node:fs';
import { pinRefusal, PIN_REFUSAL_MESSAGES, type EnrolmentState, type PinResetResult } from '@theqa/device-protocol';
import { makeDeviceKey, deviceKeyRequestPem, pinProof } from './device-key';
import { exchange, type AnswerOutcome } from './device-session';
import type { PlatformClient } from './platform-client';
import { sealKey } from './sealed-key';
import { readOneTimeCode } from './sms-inbox';
import { openDeviceKey } from './unsealing';
import type { WalletHome } from './wallet-home';
import { expected, WalletError } from './wallet-error';

function checkNewPin(pin: string, civilNumber: string, phoneNumber: string): void {
  const refusal = pinRefusal(pin, { civilNumber, phoneNumber });
  if (refusal) throw new WalletError(`${PIN_REFUSAL_MESSAGES[refusal].en} — ${PIN_REFUSAL_MESSAGES[refusal].ar}`, refusal);
}

/**
 * PIN change: the old PIN opens the key (the server checks it, counting a wrong one), then the server
 * checks it again in the signed pin-change answer and stores the new one. The sealed key does not
 * depend on the PIN, so the wallet's folder does not change.
 */
export async function changePin(client: PlatformClient, home: WalletHome, options: { pin: string; newPin: string }): Promise<AnswerOutcome> {
  const wallet = await home.read();
  checkNewPin(options.newPin, wallet.civil_number, wallet.phone);
  const privateKey = await openDeviceKey(client, wallet, options.pin);
  return exchange(client, wallet, privateKey, { purpose: 'pin-change', pin: options.pin, newPin: options.newPin });
}

/**
 * PIN reset, for a forgotten or blocked PIN: face match, SMS code, new PIN. The wallet makes a new
 * device key and unseal key (the old ones may have been copied with the folder: the reason someone
 * might know the PIN), the server replaces the device's certificate and gives the new key's unsealing
 * secret. It is also how a wallet of the old format (key sealed under the PIN alone) moves to the new.
 */
export async function resetPin(client: PlatformClient, home: WalletHome, options: { newPin: string; selfie?: string; otp?: string; phone?: string }, progress: (line: string) => void): Promise<PinResetResult> {
  const wallet = await home.readAnyVersion();
  checkNewPin(options.newPin, wallet.civil_number, wallet.phone);
  const started = await client.post<EnrolmentState>('/enrolment/pin-reset', { civil_number: wallet.civil_number, device: wallet.device.serial });
  const token = expected(started.journey_token, 'a journey token');
  const selfie = options.selfie ? (await fs.readFile(options.selfie)).toString('base64') : (await client.get<{ selfie: string }>(`/dev/selfie/${wallet.civil_number}`)).selfie;
  const sentAt = new Date(Date.now() - 1000);
  const afterFace = await client.post<EnrolmentState>('/enrolment/pin-reset/current/face', { selfie }, token);
  progress('face matched the civil registry photo');
  const phone = options.phone ?? wallet.phone;
  const code = options.otp ?? (await readOneTimeCode(client, phone, 'pin-reset-otp', sentAt, afterFace.phone_on_record));
  await client.post<EnrolmentState>('/enrolment/pin-reset/current/otp', { code }, token);
  progress('SMS code accepted');
  const key = makeDeviceKey();
  const unseal = makeDeviceKey();
  const result = await client.post<PinResetResult>(
    '/enrolment/pin-reset/current/pin',
    { pin_proof: pinProof(wallet.civil_number, options.newPin), csr: await deviceKeyRequestPem(key.privateKey, key.spki), unseal_key: unseal.spki.toString('base64url') },
    token,
  );
  const secret = Buffer.from(expected(result.unsealing_secret, 'the unsealing secret'), 'base64url');
  await home.write({
    ...wallet,
    format: 'theqa-wallet/2',
    certificate: expected(result.certificate, 'the new certificate'),
    chain: expected(result.chain, 'the new certificate chain'),
    key: sealKey(key.pkcs8, secret, wallet.device.serial),
    unseal_key: unseal.pkcs8.toString('base64'),
    // Sealed under the old secret, which the new unseal key no longer earns: the signing key is lost
    // with it. The platform knows (it retired that secret): it unrecorded the key and revoked its
    // certificate in the reset, and the portal's upgrade page renews it on this device.
    signing: undefined,
  });
  key.pkcs8.fill(0);
  secret.fill(0);
  if (wallet.signing) progress('the signing key of this device went with the old PIN (its certificate is revoked): renew it in the self-service portal, upgrade page — جدّد مفتاح التوقيع من البوابة');
  return result;
}
