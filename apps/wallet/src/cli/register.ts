import { promises as fs } from 'node:fs';
import { pinRefusal, PIN_REFUSAL_MESSAGES, type EnrolmentResult, type EnrolmentState, type SignedCardData } from '@theqa/device-protocol';
import { deviceKeyRequestPem, makeDeviceKey, pinProof } from './device-key';
import type { PlatformClient } from './platform-client';
import { sealKey } from './sealed-key';
import { readOneTimeCode } from './sms-inbox';
import type { WalletHome } from './wallet-home';
import { expected, WalletError } from './wallet-error';

export interface RegisterOptions {
  civilNumber: string;
  email: string;
  phone: string;
  pin: string;
  selfie?: string;
  otp?: string;
  card?: string;
  name?: string;
}

/**
 * Registration as the phone app does it, step by step against the platform. In development the "NFC
 * read" and the camera are the platform's /dev stand-ins, and the SMS code is read from the dev outbox
 * (unless --otp is given), exactly where a person would read it on their phone.
 */
export async function register(client: PlatformClient, home: WalletHome, options: RegisterOptions, progress: (line: string) => void): Promise<EnrolmentResult> {
  if (await home.exists()) throw new WalletError(`${home.directory} already holds a registered wallet; use another --home`, 'wallet-exists');
  const refusal = pinRefusal(options.pin, { civilNumber: options.civilNumber, phoneNumber: options.phone });
  if (refusal) throw new WalletError(`${PIN_REFUSAL_MESSAGES[refusal].en} — ${PIN_REFUSAL_MESSAGES[refusal].ar}`, refusal);

  const card = options.card ? (JSON.parse(await fs.readFile(options.card, 'utf8')) as SignedCardData) : await client.get<SignedCardData>(`/dev/card/${encodeURIComponent(options.civilNumber)}`);
  const started = await client.post<EnrolmentState>('/enrolment/journeys', { card, device: { platform: 'cli', name: options.name ?? 'Theqa CLI wallet' } });
  const token = expected(started.journey_token, 'a journey token');
  progress(`card read: ${started.person?.full_name_en} — ${started.person?.full_name_ar}`);

  const contact = await client.post<EnrolmentState>('/enrolment/journeys/current/contact', { email: options.email, phone: options.phone }, token);
  progress(`${contact.message?.en} (${contact.phone_on_record})`);
  const terms = expected(contact.terms, 'the terms to accept');
  await client.post<EnrolmentState>('/enrolment/journeys/current/terms', { version: terms.version }, token);
  progress(`terms ${terms.version} accepted`);

  const selfie = options.selfie ? (await fs.readFile(options.selfie)).toString('base64') : (await client.get<{ selfie: string }>(`/dev/selfie/${encodeURIComponent(options.civilNumber)}`)).selfie;
  const sentAt = new Date(Date.now() - 1000);
  await client.post<EnrolmentState>('/enrolment/journeys/current/face', { selfie }, token);
  progress('face matched the civil registry photo');

  const code = options.otp ?? (await readOneTimeCode(client, options.phone, 'enrolment-otp', sentAt, contact.phone_on_record));
  await client.post<EnrolmentState>('/enrolment/journeys/current/otp', { code }, token);
  progress('SMS code accepted');

  await client.post<EnrolmentState>('/enrolment/journeys/current/pin', { pin_proof: pinProof(options.civilNumber, options.pin) }, token);
  // Two keys made here: the device key, sealed under the secret the server answers with, and the unseal key that asks for that secret later.
  const key = makeDeviceKey();
  const unseal = makeDeviceKey();
  const result = await client.post<EnrolmentResult>(
    '/enrolment/journeys/current/device-key',
    { csr: await deviceKeyRequestPem(key.privateKey, key.spki), unseal_key: unseal.spki.toString('base64url') },
    token,
  );
  const secret = Buffer.from(expected(result.unsealing_secret, 'the unsealing secret'), 'base64url');
  await home.write({
    format: 'theqa-wallet/2',
    server: client.baseUrl,
    civil_number: result.civil_number,
    phone: options.phone,
    device: result.device,
    certificate: result.certificate,
    chain: result.chain,
    key: sealKey(key.pkcs8, secret, result.device.serial),
    unseal_key: unseal.pkcs8.toString('base64'),
    registered_at: new Date().toISOString(),
  });
  key.pkcs8.fill(0);
  secret.fill(0);
  return result;
}
