import type { RegistryPerson } from '@theqa/integrations';
import type { RateLimiter } from '@theqa/kernel';
import { IntegrationError } from '@theqa/integrations';
import type { LoginEvents, LoginRequest, LoginRequests, LoginSubject } from '@theqa/login';

type LoginEvent = Parameters<LoginEvents['record']>[0];
import type { WebEid, WebEidOutcome } from '@theqa/web-eid';
import { CHALLENGE_LIMIT } from '@theqa/web-eid';
import { CardLogins, cardLoginRefusalTitle } from './card-logins';
import type { IssuedIdCards } from '@theqa/identity';

const subject: LoginSubject = { clientId: 'naql', relyingParty: { ar: 'نقل', en: 'Naql' }, claims: ['civil_number'], purpose: { ar: 'تحقق', en: 'Verify' }, acr: 'high' };
const HOLDER = '22334455';
const accepted: WebEidOutcome = {
  ok: true,
  civilNumber: HOLDER as never,
  certificate: { der: Buffer.alloc(0), serialHex: 'ABC123', subject: `serialNumber=PNOOM-${HOLDER}`, notAfter: new Date('2030-01-01') },
  algorithm: 'ES256',
  appVersion: 'https://web-eid.eu/web-eid-app/releases/2.5.0',
};

function world(options: { outcome?: WebEidOutcome; person?: Partial<RegistryPerson> | 'unknown' | 'down'; status?: 'approved' | 'denied'; cards?: IssuedIdCards; cardStatus?: string; limits?: RateLimiter } = {}) {
  const events: LoginEvent[] = [];
  const approvals: string[] = [];
  const webEid = { challenge: async () => ({ challengeNonce: 'n', expiresAt: new Date() }), authenticate: async () => options.outcome ?? accepted } as unknown as WebEid;
  const logins = {
    approveWithCard: async (_s: LoginSubject, interaction: string, card: { civilNumber: string }) => {
      approvals.push(card.civilNumber);
      const status = options.status ?? 'approved';
      return { id: 'req-1', interaction, status, channel: 'card', civilNumber: card.civilNumber, ...(status === 'denied' ? { denial: 'identity-suspended' } : {}) } as LoginRequest;
    },
  } as unknown as LoginRequests;
  const registry = {
    findPerson: async (civilNumber: string) => {
      if (options.person === 'down') throw new IntegrationError('registry-unavailable', 'timeout');
      if (options.person === 'unknown') return undefined;
      return { civil_number: civilNumber, card_status: 'valid', date_of_death: null, ...options.person } as RegistryPerson;
    },
    cardStatus: async (civilNumber: string, cardSerial: string) => ({ civilNumber, cardSerial, status: options.cardStatus ?? 'valid', cardExpiryDate: null }),
  };
  const cards = new CardLogins(webEid, logins, { record: async (e) => void events.push(e) }, { registry: registry as never, cards: options.cards }, options.limits ?? { consume: async () => ({ allowed: true, retryAfterSeconds: 0 }) });
  return { cards, events, approvals };
}

const attempt = { token: {}, challengeNonce: 'n', requestOrigin: 'https://login.theqa.om' };

describe('logging in with the ID card (CardLogins)', () => {
  it('a valid token of a living holder with a valid card approves the interaction, audited with the certificate', async () => {
    const { cards, events, approvals } = world();
    expect(await cards.authenticate(subject, 'uid-1', attempt)).toMatchObject({ ok: true, request: { status: 'approved' } });
    expect(approvals).toEqual([HOLDER]);
    expect(events).toEqual([expect.objectContaining({ action: 'login.card', civilNumber: HOLDER, actor: 'card:ABC123', details: expect.objectContaining({ outcome: 'approved', certificate_serial: 'ABC123', interaction: 'uid-1' }) })]);
  });

  it.each([
    ['a card the registry has cancelled (reported lost)', { card_status: 'cancelled' } as Partial<RegistryPerson>, 'card-not-valid'],
    ['a card the registry says has expired', { card_status: 'expired' } as Partial<RegistryPerson>, 'card-not-valid'],
    ['a deceased holder', { date_of_death: '2026-01-01' } as Partial<RegistryPerson>, 'holder-not-eligible'],
    ['a person the registry does not know', 'unknown' as const, 'holder-not-eligible'],
    ['the registry unreachable', 'down' as const, 'registry-unavailable'],
  ])('%s: refused, nothing approved, audited', async (_what, person, code) => {
    const { cards, events, approvals } = world({ person });
    const outcome = await cards.authenticate(subject, 'uid-2', attempt);
    expect(outcome).toMatchObject({ ok: false, code });
    if (!outcome.ok) expect(outcome.title).toEqual(cardLoginRefusalTitle(code));
    expect(approvals).toEqual([]);
    expect(events).toEqual([expect.objectContaining({ action: 'login.card', details: expect.objectContaining({ outcome: 'refused', refusal: code, certificate_serial: 'ABC123' }) })]);
  });

  it("the very card the certificate is on: a replaced card (cancelled in the registry) is refused though the person's new card is valid", async () => {
    const cards: IssuedIdCards = { ofCertificate: async (serial) => (serial === 'ABC123' ? { civilNumber: HOLDER, cardSerialNumber: 'OLD-CARD' } : undefined) };
    const replaced = world({ cards, cardStatus: 'cancelled' });
    expect(await replaced.cards.authenticate(subject, 'uid-5', attempt)).toMatchObject({ ok: false, code: 'card-not-valid' });
    expect(replaced.approvals).toEqual([]);
    expect(replaced.events[0].details).toMatchObject({ refusal: 'card-not-valid', detail: expect.stringContaining('OLD-CARD') });
    const current = world({ cards, cardStatus: 'valid' });
    expect(await current.cards.authenticate(subject, 'uid-6', attempt)).toMatchObject({ ok: true });
    // A certificate personalisation did not record (or another person's): the person's current card decides.
    const unrecorded = world({ cards: { ofCertificate: async () => undefined }, cardStatus: 'cancelled' });
    expect(await unrecorded.cards.authenticate(subject, 'uid-7', attempt)).toMatchObject({ ok: true });
  });

  it('a suspended identity: the login request is denied and the audit says so', async () => {
    const { cards, events } = world({ status: 'denied' });
    expect(await cards.authenticate(subject, 'uid-3', attempt)).toMatchObject({ ok: true, request: { status: 'denied' } });
    expect(events[0].details).toMatchObject({ outcome: 'denied', denial: 'identity-suspended' });
  });

  it("the validator's refusal: nothing asked of the registry, audited without a person", async () => {
    const { cards, events, approvals } = world({ outcome: { ok: false, code: 'nonce-used', title: { ar: 'x', en: 'x' }, detail: 'spent' } as WebEidOutcome });
    expect(await cards.authenticate(subject, 'uid-4', attempt)).toMatchObject({ ok: false, code: 'nonce-used' });
    expect(approvals).toEqual([]);
    expect(events[0]).toMatchObject({ action: 'login.card', actor: 'rp:naql', details: { outcome: 'refused', refusal: 'nonce-used' } });
    expect(events[0].civilNumber).toBeUndefined();
  });

  it('challenges per interaction are limited: past the limit none is issued, and the retry time is told', async () => {
    const counts = new Map<string, number>();
    const limits: RateLimiter = {
      consume: async (bucket, limit) => {
        counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
        return { allowed: (counts.get(bucket) ?? 0) <= limit, retryAfterSeconds: 42 };
      },
    };
    const { cards } = world({ limits });
    const answers = await Promise.all(Array.from({ length: CHALLENGE_LIMIT.perBinding + 3 }, () => cards.challenge('uid-8')));
    expect(answers.filter((a) => a.ok)).toHaveLength(CHALLENGE_LIMIT.perBinding);
    expect(answers.filter((a) => !a.ok)).toEqual(Array(3).fill({ ok: false, retryAfterSeconds: 42 }));
    // Another page's interaction is counted apart.
    expect(await cards.challenge('uid-9')).toMatchObject({ ok: true });
  });

  it('refusal titles: the validator\'s and the holder check\'s codes, nothing else', () => {
    expect(cardLoginRefusalTitle('nonce-used')?.en).toMatch(/already used/);
    expect(cardLoginRefusalTitle('card-not-valid')?.ar).toMatch(/السجل المدني/);
    expect(cardLoginRefusalTitle('toString')).toBeUndefined();
    expect(cardLoginRefusalTitle('../../etc')).toBeUndefined();
  });
});
