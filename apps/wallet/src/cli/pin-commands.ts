import { promises as fs } from 'node:fs';
import { pinRefusal, PIN_REFUSAL_MESSAGES, type EnrolmentState } from '@theqa/device-protocol';
import { deviceKeyRequestPem, makeDeviceKey, pinProof } from './device-key';
import { exchange, type AnswerOutcome } from './device-session';
import type { PlatformClient } from './platform-client';
import { openKey, sealKey } from './sealed-key';
import { readOneTimeCode } from './sms-inbox';
import type { WalletHome } from './wallet-home';
import { expected, WalletError } from './wallet-error';

function checkNewPin(pin: string, civilNumber: string): void {
  const refusal = pinRefusal(pin, { civilNumber });
  if (refusal) throw new WalletError(`${PIN_REFUSAL_MESSAGES[refusal].en} — ${PIN_REFUSAL_MESSAGES[refusal].ar}`, refusal);
}

/** PIN change: the server checks the old PIN (counting a wrong one) and stores the new; the key is re-sealed under the new PIN. */
export async function changePin(client: PlatformClient, home: WalletHome, options: { pin: string; newPin: string }): Promise<AnswerOutcome> {
  const wallet = await home.read();
  checkNewPin(options.newPin, wallet.civil_number);
  const pkcs8 = await openKey(wallet.key, options.pin, wallet.device.serial);
  const outcome = await exchange(client, wallet, { purpose: 'pin-change', pin: options.pin, newPin: options.newPin });
  await home.write({ ...wallet, key: await sealKey(pkcs8, options.newPin, wallet.device.serial) });
  pkcs8.fill(0);
  return outcome;
}

/**
 * PIN reset, for a forgotten or blocked PIN: face match, SMS code, new PIN. The old key was sealed under
 * the forgotten PIN, so the wallet makes a new key and the server replaces the device's certificate.
 */
export async function resetPin(client: PlatformClient, home: WalletHome, options: { newPin: string; selfie?: string; otp?: string; phone?: string }, progress: (line: string) => void): Promise<EnrolmentState & { certificate?: string; chain?: string[] }> {
  const wallet = await home.read();
  checkNewPin(options.newPin, wallet.civil_number);
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
  const result = await client.post<EnrolmentState & { certificate?: string; chain?: string[] }>(
    '/enrolment/pin-reset/current/pin',
    { pin_proof: pinProof(wallet.civil_number, options.newPin), csr: await deviceKeyRequestPem(key.privateKey, key.spki) },
    token,
  );
  await home.write({ ...wallet, certificate: result.certificate ?? wallet.certificate, chain: result.chain ?? wallet.chain, key: await sealKey(key.pkcs8, options.newPin, wallet.device.serial) });
  key.pkcs8.fill(0);
  return result;
}
