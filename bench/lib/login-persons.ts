import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import {
  answerSigningBytes,
  buildDeviceKeyRequest,
  decodeChallenge,
  decodeQrPayload,
  loginScanSigningBytes,
  pinProofMessage,
  pinRefusal,
  toBase64url,
  toPem,
  DEVICE_PROTOCOL_VERSION,
  type EnrolmentResult,
  type EnrolmentState,
} from '@theqa/device-protocol';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import type { RegistryPerson } from '@theqa/integrations';
import type { BenchHttp } from './login-http';
import { LOGIN_CLAIMS, LoginCheckFailed } from './login-relying-party';

/** A registered person and their phone, as the bench drives it: the device key held in memory. */
export interface BenchPerson {
  person: RegistryPerson;
  serial: string;
  privateKey: KeyObject;
  pinProof: string;
  /** The claims the relying party must receive, straight from the registry record. */
  expected: Record<string, unknown>;
}

/** Registry persons that can register (valid card, alive), none of the named test persons, from the end of the list. */
export function benchCandidates(): RegistryPerson[] {
  const named = new Set<string>(Object.values(TEST_PERSONS));
  return new SyntheticCivilRegistry()
    .listPersons()
    .filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death)
    .reverse();
}

async function json<T>(baseUrl: string, path: string, init: { body?: unknown; token?: string } = {}): Promise<T> {
  const res = await fetch(new URL(path, baseUrl), {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: { accept: 'application/json', ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.body === undefined ? 'GET' : 'POST'} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/**
 * Registration through the enrolment API, step by step as the CLI wallet does it (apps/wallet/src/cli/
 * register.ts): the card from the /dev NFC stand-in, contact, terms, the /dev selfie, the SMS code from
 * the /dev outbox, the PIN proof, and a P-256 device key made here whose CSR the CA certifies. The key
 * stays in memory (the wallet seals it under scrypt(PIN); the bench has no use for the file).
 */
export async function registerPerson(baseUrl: string, person: RegistryPerson): Promise<BenchPerson> {
  const civil = person.civil_number;
  const context = { civilNumber: civil, dateOfBirth: person.date_of_birth, phoneNumber: person.phone_number };
  const pin = ['583920', '740163', '295817', '618304'].find((p) => !pinRefusal(p, context));
  if (!pin) throw new Error(`no bench PIN is acceptable for ${civil}`);
  const card = await json<unknown>(baseUrl, `/dev/card/${civil}`);
  const started = await json<EnrolmentState>(baseUrl, '/enrolment/journeys', { body: { card, device: { platform: 'cli', name: 'bench wallet' } } });
  const token = started.journey_token;
  if (!token) throw new Error(`no journey token for ${civil}`);
  const contact = await json<EnrolmentState>(baseUrl, '/enrolment/journeys/current/contact', { body: { email: 'bench@example.com', phone: person.phone_number }, token });
  if (!contact.terms) throw new Error(`no terms offered to ${civil}`);
  await json(baseUrl, '/enrolment/journeys/current/terms', { body: { version: contact.terms.version }, token });
  const { selfie } = await json<{ selfie: string }>(baseUrl, `/dev/selfie/${civil}`);
  const sentAt = new Date(Date.now() - 1000);
  await json(baseUrl, '/enrolment/journeys/current/face', { body: { selfie }, token });
  let code: string | undefined;
  for (let attempt = 0; attempt < 50 && !code; attempt++) {
    const { messages } = await json<{ messages: Array<{ purpose: string; text: string; sentAt: string }> }>(baseUrl, `/dev/sms?phone=${encodeURIComponent(person.phone_number)}`);
    const latest = messages.filter((m) => m.purpose === 'enrolment-otp' && new Date(m.sentAt) >= sentAt).at(-1);
    code = latest && /\b(\d{6})\b/.exec(latest.text)?.[1];
    if (!code) await new Promise((r) => setTimeout(r, 100));
  }
  if (!code) throw new Error(`no SMS code arrived for ${civil}`);
  await json(baseUrl, '/enrolment/journeys/current/otp', { body: { code }, token });
  const pinProof = createHash('sha256').update(pinProofMessage(civil, pin)).digest('base64url');
  await json(baseUrl, '/enrolment/journeys/current/pin', { body: { pin_proof: pinProof }, token });
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const csr = toPem('CERTIFICATE REQUEST', await buildDeviceKeyRequest(spki, (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })));
  const result = await json<EnrolmentResult>(baseUrl, '/enrolment/journeys/current/device-key', { body: { csr }, token });
  const expected = Object.fromEntries(LOGIN_CLAIMS.map((c) => [c, (person as unknown as Record<string, unknown>)[c]]));
  return { person, serial: result.device.serial, privateKey, pinProof, expected };
}

/**
 * The phone's part of a QR login, as apps/wallet/src/cli/login-approval.ts does it: the QR payload is
 * checked (kind, server, expiry), the scan signed with the device key claims the request and brings the
 * challenge; the answer, signed too, carries the PIN proof and the number the person picked.
 */
export async function approveByQr(http: BenchHttp, baseUrl: string, device: BenchPerson, qrText: string, code: string, timings?: (step: 'scan' | 'answer', ms: number) => void): Promise<void> {
  let t = process.hrtime.bigint();
  const qr = decodeQrPayload(qrText);
  if (qr.kind !== 'login' || qr.server !== new URL(baseUrl).origin) throw new LoginCheckFailed(`QR code for ${qr.server} (${qr.kind})`);
  if (new Date(qr.expires_at) <= new Date()) throw new LoginCheckFailed('QR code expired');
  const unsigned = { v: DEVICE_PROTOCOL_VERSION, request: qr.request, device: device.serial } as const;
  const signature = toBase64url(sign('sha256', loginScanSigningBytes(unsigned), { key: device.privateKey, dsaEncoding: 'ieee-p1363' }));
  const scanned = await http.request(`${baseUrl}/devices/logins/scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ ...unsigned, signature }),
  });
  if (scanned.status !== 200) throw new LoginCheckFailed(`scan answered ${scanned.status}: ${scanned.text.slice(0, 300)}`);
  const { payload } = JSON.parse(scanned.text) as { payload: string };
  const challenge = decodeChallenge(payload);
  if (challenge.purpose !== 'login' || !challenge.login || challenge.device !== device.serial) throw new LoginCheckFailed('the scan brought no login challenge for this device');
  if (!challenge.login.codes?.includes(code)) throw new LoginCheckFailed(`the page's number ${code} is not among the wallet's ${challenge.login.codes?.join(', ')}`);
  timings?.('scan', Number(process.hrtime.bigint() - t) / 1e6);

  t = process.hrtime.bigint();
  const answer = { v: DEVICE_PROTOCOL_VERSION, challenge: payload, device: device.serial, decision: 'approve', pin_proof: device.pinProof, code } as const;
  const answerSignature = toBase64url(sign('sha256', answerSigningBytes(answer), { key: device.privateKey, dsaEncoding: 'ieee-p1363' }));
  const answered = await http.request(`${baseUrl}/devices/logins/answers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ ...answer, signature: answerSignature }),
  });
  if (answered.status !== 200) throw new LoginCheckFailed(`answer answered ${answered.status}: ${answered.text.slice(0, 300)}`);
  const result = JSON.parse(answered.text) as { status: string; denial?: string };
  if (result.status !== 'approved') throw new LoginCheckFailed(`the login was ${result.status} (${result.denial})`);
  timings?.('answer', Number(process.hrtime.bigint() - t) / 1e6);
}
