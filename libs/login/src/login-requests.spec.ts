import { createHash, createHmac, generateKeyPairSync, sign } from 'node:crypto';
import {
  answerSigningBytes,
  decodeChallenge,
  loginScanSigningBytes,
  pinProofMessage,
  toBase64url,
  DEVICE_PROTOCOL_VERSION,
} from '@theqa/device-protocol';
import { DeviceChallenges, pinVerifier, type ChallengeRecord, type DeviceRecord, type IdentityRecord, type IdentityStore, type SecretMac } from '@theqa/identity';
import type { PushPayload } from '@theqa/integrations';
import type { RateLimiter } from '@theqa/kernel';
import { LoginError } from './login-error';
import type { LoginRequest } from './login-request';
import { CIBA_LIMITS, LoginRequests, PUSH_LIMITS, type LoginSubject } from './login-requests';
import { requestedClaims } from './requested-claims';
import { verificationCodes } from './verification-codes';

const CIVIL = '22334455';
const PIN = '583920';
const mac: SecretMac = { label: 'test', mac: async (data) => createHmac('sha256', 'k').update(data).digest() };
const subject: LoginSubject = { clientId: 'naql', relyingParty: { ar: 'نقل', en: 'Naql' }, claims: ['civil_number'], purpose: { ar: 'تحقق', en: 'Verify' }, acr: 'medium' };

class Phone {
  readonly keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  constructor(readonly serial: string) {}
  async record(): Promise<DeviceRecord> {
    const proof = createHash('sha256').update(pinProofMessage(CIVIL, PIN)).digest('base64url');
    return {
      serial: this.serial,
      civilNumber: CIVIL,
      platform: 'test',
      name: 'phone',
      status: 'active',
      certificateSerial: '01',
      publicKeySpki: this.keys.publicKey.export({ type: 'spki', format: 'der' }),
      pinVerifier: await pinVerifier(mac, this.serial, proof),
      pinMacKey: 'test',
      createdAt: new Date(),
    };
  }
  scan(request: string) {
    const unsigned = { v: DEVICE_PROTOCOL_VERSION, request, device: this.serial } as const;
    return { ...unsigned, signature: toBase64url(sign('sha256', loginScanSigningBytes(unsigned), { key: this.keys.privateKey, dsaEncoding: 'ieee-p1363' })) };
  }
  answer(payload: string, fields: { code?: string; pin?: string; decision?: 'approve' | 'deny' } = {}) {
    const proof = createHash('sha256').update(pinProofMessage(CIVIL, fields.pin ?? PIN)).digest('base64url');
    const unsigned = { v: DEVICE_PROTOCOL_VERSION, challenge: payload, device: this.serial, decision: fields.decision ?? 'approve', pin_proof: proof, ...(fields.code ? { code: fields.code } : {}) } as const;
    return { ...unsigned, signature: toBase64url(sign('sha256', answerSigningBytes(unsigned), { key: this.keys.privateKey, dsaEncoding: 'ieee-p1363' })) };
  }
}

async function world(options: { devices?: number } = {}) {
  const phones = Array.from({ length: options.devices ?? 1 }, (_, i) => new Phone(`THQ-7K3M-9PX${i}`));
  const devices = await Promise.all(phones.map((p) => p.record()));
  const identity: IdentityRecord = { civilNumber: CIVIL, assurance: 'medium', status: 'active', pinFailures: 0, createdAt: new Date() };
  const identities = {
    find: async (c: string) => (c === CIVIL ? { ...identity } : undefined),
    device: async (s: string) => devices.find((d) => d.serial === s),
    devices: async (c: string) => (c === CIVIL ? devices : []),
    pinAttempt: async (_c: string, check: () => Promise<boolean>, rule: { blockAt: number; now: Date }) => {
      if (identity.pinBlockedAt) return { outcome: 'blocked' };
      if (await check()) {
        identity.pinFailures = 0;
        return { outcome: 'right' };
      }
      const blocked = ++identity.pinFailures >= rule.blockAt;
      if (blocked) identity.pinBlockedAt = rule.now;
      return { outcome: 'wrong', failures: identity.pinFailures, blocked };
    },
  } as unknown as IdentityStore;
  const challengeRows = new Map<string, ChallengeRecord & { used?: boolean }>();
  const counters = new Map<string, number>();
  const limits: RateLimiter = {
    consume: async (bucket, limit) => {
      counters.set(bucket, (counters.get(bucket) ?? 0) + 1);
      return { allowed: (counters.get(bucket) ?? 0) <= limit, retryAfterSeconds: 60 };
    },
  };
  const challenges = new DeviceChallenges({
    identities,
    challenges: {
      create: async (c) => void challengeRows.set(c.id, c),
      spend: async (id, answer) => {
        const row = challengeRows.get(id);
        if (!row) return 'unknown';
        if (row.device !== answer.device || row.payload !== answer.payload) return 'not-issued';
        if (row.used) return 'used';
        row.used = true;
        return row;
      },
    },
    registry: { findPerson: async () => undefined } as never,
    mac,
    events: { record: async () => undefined },
    counters: limits,
  });
  const rows = new Map<string, LoginRequest>();
  const pushed: Array<{ device: string; payload: PushPayload }> = [];
  const logins = new LoginRequests({
    store: {
      create: async (r) => void rows.set(r.id, structuredClone(r)),
      find: async (id) => structuredClone(rows.get(id)),
      latestOfInteraction: async (i) => [...rows.values()].filter((r) => r.interaction === i).at(-1),
      findByCibaRequest: async (c) => [...rows.values()].find((r) => r.cibaRequest === c),
      save: async (r) => {
        const current = rows.get(r.id);
        if (!current || current.version !== r.version) return false;
        rows.set(r.id, { ...structuredClone(r), version: r.version + 1 });
        return true;
      },
      replaceOpen: async (request) => {
        const latest = [...rows.values()].filter((r) => r.interaction === request.interaction).at(-1);
        if (latest?.status === 'approved') return structuredClone(latest);
        for (const r of rows.values()) if (r.interaction === request.interaction && (r.status === 'pending' || r.status === 'claimed')) r.status = 'expired';
        rows.set(request.id, structuredClone(request));
        return undefined;
      },
    },
    challenges,
    identities,
    push: { notify: async (device, payload) => (pushed.push({ device, payload }), String(pushed.length)) },
    limits,
    events: { record: async () => undefined },
  });
  return { phones, logins, pushed, identity, rows, devices };
}

describe('login requests', () => {
  it('QR: the scanning device gets a challenge with the three codes; the right code and PIN approve', async () => {
    const { phones, logins } = await world();
    const request = await logins.startQr(subject, 'uid-1');
    const { payload } = await logins.scan(phones[0].scan(request.id));
    const challenge = decodeChallenge(payload);
    expect(challenge.login?.codes).toContain(request.code);
    expect(challenge.login?.relying_party.en).toBe('Naql');
    const result = await logins.answer(phones[0].answer(payload, { code: request.code }));
    expect(result).toMatchObject({ status: 'approved', request: { civilNumber: CIVIL, assurance: 'medium' } });
  });

  it('a QR code is claimed once, and a new one for the page expires the old', async () => {
    const { phones, logins } = await world();
    const first = await logins.startQr(subject, 'uid-2');
    await logins.scan(phones[0].scan(first.id));
    await expect(logins.scan(phones[0].scan(first.id))).rejects.toMatchObject({ code: 'login-used' });
    const stale = await logins.startQr(subject, 'uid-3');
    await logins.startQr(subject, 'uid-3');
    await expect(logins.scan(phones[0].scan(stale.id))).rejects.toMatchObject({ code: 'login-used' });
  });

  it('asking again for a code or a push after the wallet approved keeps the approval', async () => {
    const { phones, logins, pushed } = await world();
    const request = await logins.startQr(subject, 'uid-again');
    const { payload } = await logins.scan(phones[0].scan(request.id));
    await logins.answer(phones[0].answer(payload, { code: request.code }));
    expect(await logins.startQr(subject, 'uid-again')).toMatchObject({ id: request.id, status: 'approved' });
    expect(await logins.startPush(subject, 'uid-again', CIVIL, 'browser-1')).toMatchObject({ id: request.id, status: 'approved' });
    expect(pushed).toHaveLength(0);
    expect((await logins.latestOfInteraction('uid-again'))?.id).toBe(request.id);
  });

    it('a scan signed by another key is refused', async () => {
    const { phones, logins } = await world();
    const request = await logins.startQr(subject, 'uid-4');
    const forged = { ...phones[0].scan(request.id), signature: new Phone('THQ-7K3M-9PX0').scan(request.id).signature };
    await expect(logins.scan(forged)).rejects.toMatchObject({ code: 'scan-invalid' });
  });

  it('a scan does not tell a stranger which serials are registered; only a removed device itself hears it was removed', async () => {
    const { phones, logins, devices } = await world({ devices: 2 });
    devices[1].status = 'revoked';
    const refusal = async (scan: unknown) => {
      const error = await logins.scan(scan).then(
        () => undefined,
        (e: { code?: string; message?: string }) => e,
      );
      return { code: error?.code, message: error?.message };
    };
    const stranger = (serial: string, request: string) => new Phone(serial).scan(request);
    const unknown = await refusal(stranger('THQ-0000-0000', (await logins.startQr(subject, 'uid-s1')).id));
    expect(unknown.code).toBe('scan-invalid');
    expect(await refusal(stranger(phones[1].serial, (await logins.startQr(subject, 'uid-s2')).id))).toEqual(unknown);
    expect(await refusal(stranger(phones[0].serial, (await logins.startQr(subject, 'uid-s3')).id))).toEqual(unknown);
    expect((await refusal(phones[1].scan((await logins.startQr(subject, 'uid-s4')).id))).code).toBe('device-revoked');
  });

  it('a wrong code denies; a wrong PIN denies and is counted; the decision is final', async () => {
    const { phones, logins, identity } = await world();
    const a = await logins.startQr(subject, 'uid-5');
    const scanA = await logins.scan(phones[0].scan(a.id));
    const wrong = decodeChallenge(scanA.payload).login?.codes?.find((c) => c !== a.code);
    expect(await logins.answer(phones[0].answer(scanA.payload, { code: wrong }))).toMatchObject({ status: 'denied', denial: 'wrong-code' });
    await expect(logins.answer(phones[0].answer(scanA.payload, { code: a.code }))).rejects.toMatchObject({ code: 'login-decided' });

    const b = await logins.startQr(subject, 'uid-6');
    const scanB = await logins.scan(phones[0].scan(b.id));
    await expect(logins.answer(phones[0].answer(scanB.payload, { code: b.code, pin: '861203' }))).rejects.toMatchObject({ code: 'pin-wrong' });
    expect(identity.pinFailures).toBe(1);
    expect((await logins.find(b.id))?.denial).toBe('pin-wrong');
  });

  it('push reaches every active device; the first answer decides', async () => {
    const { phones, logins, pushed } = await world({ devices: 2 });
    const request = await logins.startPush(subject, 'uid-7', CIVIL, 'browser-1');
    expect(pushed.map((p) => p.device).sort()).toEqual(phones.map((p) => p.serial).sort());
    const [one, two] = pushed.map((p) => String(p.payload.data?.challenge));
    expect(await logins.answer(phones.find((p) => p.serial === pushed[0].device)!.answer(one, { code: request.code }))).toMatchObject({ status: 'approved' });
    await expect(logins.answer(phones.find((p) => p.serial === pushed[1].device)!.answer(two, { code: request.code }))).rejects.toMatchObject({ code: 'login-decided' });
  });

  it('push to an unknown number looks the same, sends nothing, and is rate-limited', async () => {
    const { logins, pushed } = await world();
    for (let i = 0; i < PUSH_LIMITS.perCivilNumber; i++) await logins.startPush(subject, `uid-8-${i}`, '99887766', `browser-${i}`);
    expect(pushed).toHaveLength(0);
    await expect(logins.startPush(subject, 'uid-8-x', '99887766', 'browser-x')).rejects.toBeInstanceOf(LoginError);
    await expect(logins.startPush(subject, 'uid-9', 'abc', 'browser-y')).rejects.toMatchObject({ code: 'request-invalid' });
  });

  it('CIBA requests are admitted per relying party, per caller address and per civil number, registered or not', async () => {
    const { logins } = await world();
    const caller = (over: Partial<{ clientId: string; civilNumber: string; address: string }> = {}) => ({ clientId: 'naql', civilNumber: CIVIL, address: '10.0.0.1', ...over });
    // Per civil number, the same for a registered one and one without a wallet (and counted with pushes).
    for (const civilNumber of [CIVIL, '99887766']) {
      for (let i = 0; i < PUSH_LIMITS.perCivilNumber; i++) await logins.admitCiba(caller({ civilNumber, clientId: `rp-${civilNumber}-${i}`, address: `10.1.${i}.1` }));
      await expect(logins.admitCiba(caller({ civilNumber, clientId: 'another', address: '10.9.9.9' }))).rejects.toMatchObject({ code: 'rate-limited', details: { retry_after: 60 } });
    }
    // Per relying party, whichever numbers and addresses it uses.
    for (let i = 0; i < CIBA_LIMITS.perClient; i++) await logins.admitCiba(caller({ clientId: 'busy', civilNumber: String(50_000_000 + i), address: `10.2.${i % 250}.${Math.floor(i / 250)}` }));
    await expect(logins.admitCiba(caller({ clientId: 'busy', civilNumber: '51000000', address: '10.3.0.1' }))).rejects.toMatchObject({ code: 'rate-limited' });
    // Per address, whichever relying parties and numbers it uses.
    for (let i = 0; i < CIBA_LIMITS.perAddress; i++) await logins.admitCiba(caller({ clientId: `rp-${i}`, civilNumber: String(60_000_000 + i), address: '10.4.0.1' }));
    await expect(logins.admitCiba(caller({ clientId: 'fresh', civilNumber: '61000000', address: '10.4.0.1' }))).rejects.toMatchObject({ code: 'rate-limited' });
    await expect(logins.admitCiba(caller({ civilNumber: 'abc' }))).rejects.toMatchObject({ code: 'request-invalid' });
  });

  it('the ID card: approved at once at high assurance, for the certificate\'s person; an approval already there stands', async () => {
    const { phones, logins } = await world();
    const card = await logins.approveWithCard(subject, 'uid-card-1', { civilNumber: '12345678' });
    expect(card).toMatchObject({ channel: 'card', status: 'approved', assurance: 'high', civilNumber: '12345678', interaction: 'uid-card-1' });
    expect(card.device).toBeUndefined();
    expect((await logins.latestOfInteraction('uid-card-1'))?.id).toBe(card.id);
    // The wallet approved first: the card does not replace that approval.
    const qr = await logins.startQr(subject, 'uid-card-2');
    const { payload } = await logins.scan(phones[0].scan(qr.id));
    await logins.answer(phones[0].answer(payload, { code: qr.code }));
    expect(await logins.approveWithCard(subject, 'uid-card-2', { civilNumber: '12345678' })).toMatchObject({ id: qr.id, channel: 'qr' });
    await expect(logins.approveWithCard(subject, 'uid-card-3', { civilNumber: 'abc' })).rejects.toMatchObject({ code: 'request-invalid' });
  });

  it('the ID card of a person whose digital identity is suspended: denied, as at the wallet', async () => {
    const { logins, identity } = await world();
    // A card holder without a digital identity logs in with the card alone.
    expect(await logins.approveWithCard(subject, 'uid-card-4', { civilNumber: '12345678' })).toMatchObject({ status: 'approved' });
    expect(await logins.approveWithCard(subject, 'uid-card-5', { civilNumber: CIVIL })).toMatchObject({ status: 'approved' });
    identity.status = 'suspended';
    expect(await logins.approveWithCard(subject, 'uid-card-6', { civilNumber: CIVIL })).toMatchObject({ status: 'denied', denial: 'identity-suspended', channel: 'card' });
  });

  it('CIBA: the binding message instead of codes', async () => {
    const { phones, logins, pushed } = await world();
    await logins.startCiba(subject, 'ciba-1', CIVIL, 'NAQL 42');
    const payload = String(pushed[0].payload.data?.challenge);
    expect(decodeChallenge(payload).login).toMatchObject({ binding_message: 'NAQL 42' });
    expect(decodeChallenge(payload).login?.codes).toBeUndefined();
    expect(await logins.answer(phones[0].answer(payload))).toMatchObject({ status: 'approved', request: { cibaRequest: 'ciba-1' } });
  });
});

describe('what a login may ask for', () => {
  const entitlement = { clientId: 'naql', claims: ['civil_number', 'full_name_en'], purpose: { ar: 'تحقق', en: 'Verify' } };

  it('claims from the claims parameter, protocol claims ignored, in catalogue order', () => {
    expect(requestedClaims('openid', { id_token: { acr: { essential: true }, full_name_en: null }, userinfo: { civil_number: null } }, entitlement)).toEqual(['civil_number', 'full_name_en']);
  });

  it('a claim outside the entitlement refuses the request', () => {
    expect(() => requestedClaims('openid', { userinfo: { passport_number: null } }, entitlement)).toThrow(/not entitled/);
  });

  it('verification codes: three different two-digit codes, the right one among them', () => {
    for (let i = 0; i < 50; i++) {
      const { code, shown } = verificationCodes();
      expect(new Set(shown).size).toBe(3);
      expect(shown).toContain(code);
      expect(shown.every((c) => /^\d{2}$/.test(c))).toBe(true);
    }
  });
});
