import { X509Certificate } from 'node:crypto';
import type { Bilingual, RateLimiter } from '@theqa/kernel';
import type { LoginEvents, LoginRequest, LoginRequests, LoginSubject } from '@theqa/login';
import { CHALLENGE_LIMIT, REFUSAL_TITLES, type WebEid, type WebEidRefusalCode } from '@theqa/web-eid';
import { CARD_HOLDER_REFUSALS, checkCardHolder, type CardHolderRefusalCode, type CardHolderSources } from '@theqa/identity';

/** Where card logins are recorded: the person's activity and the audit log, as for the wallet's logins. */
export type CardLoginEvents = LoginEvents;

export type CardLoginRefusalCode = WebEidRefusalCode | CardHolderRefusalCode;

export type CardLoginOutcome = { ok: true; request: LoginRequest } | { ok: false; code: CardLoginRefusalCode; title: Bilingual };

/** What the refusal page says for a code, or undefined for a code that is none of ours (a typed URL). */
export function cardLoginRefusalTitle(code: string): Bilingual | undefined {
  if (Object.hasOwn(REFUSAL_TITLES, code)) return REFUSAL_TITLES[code as WebEidRefusalCode];
  if (Object.hasOwn(CARD_HOLDER_REFUSALS, code)) return CARD_HOLDER_REFUSALS[code as CardHolderRefusalCode];
  return undefined;
}

/**
 * Login with the ID card (Web eID): a challenge nonce for the browser's interaction, then the card's
 * token validated against it, the registry asked about the card's holder, and the interaction approved
 * at high assurance (or denied, a suspended identity). Every attempt is audited as `login.card`, with
 * the certificate's serial and, when refused, the refusal's code.
 */
export class CardLogins {
  constructor(
    private readonly webEid: WebEid,
    private readonly logins: LoginRequests,
    private readonly events: CardLoginEvents,
    private readonly holders: CardHolderSources,
    private readonly limits: RateLimiter,
  ) {}

  /**
   * A fresh nonce for this interaction, within @theqa/web-eid's CHALLENGE_LIMIT: each nonce is a row until
   * housekeeping, so a page asking in a loop is stopped (counted in PostgreSQL for every instance, in one
   * statement).
   */
  async challenge(interaction: string): Promise<{ ok: true; challengeNonce: string; expiresAt: Date } | { ok: false; retryAfterSeconds: number }> {
    const verdict = await this.limits.consume(`card-challenge:${interaction}`, CHALLENGE_LIMIT.perBinding, CHALLENGE_LIMIT.windowSeconds, new Date());
    if (!verdict.allowed) return { ok: false, retryAfterSeconds: verdict.retryAfterSeconds };
    return { ok: true, ...(await this.webEid.challenge(interaction)) };
  }

  async authenticate(subject: LoginSubject, interaction: string, attempt: { token: unknown; challengeNonce: unknown; requestOrigin?: string }): Promise<CardLoginOutcome> {
    const outcome = await this.webEid.authenticate({ token: attempt.token, challengeNonce: attempt.challengeNonce, binding: interaction, requestOrigin: attempt.requestOrigin });
    const base = { interaction, client: subject.clientId, relying_party: subject.relyingParty };
    if (!outcome.ok) {
      // Not the person's activity: nothing in a refused token says whose card it was.
      await this.events.record({
        action: 'login.card',
        actor: `rp:${subject.clientId}`,
        details: { ...base, outcome: 'refused', refusal: outcome.code, detail: outcome.detail, certificate_serial: claimedSerial(attempt.token) },
      });
      return { ok: false, code: outcome.code, title: outcome.title };
    }
    const card = { certificate_serial: outcome.certificate.serialHex, algorithm: outcome.algorithm };
    const holder = await checkCardHolder(this.holders, outcome.civilNumber, outcome.certificate.serialHex);
    if (holder) {
      await this.events.record({
        action: 'login.card',
        civilNumber: outcome.civilNumber,
        actor: `card:${outcome.certificate.serialHex}`,
        details: { ...base, outcome: 'refused', refusal: holder.code, detail: holder.detail, ...card },
      });
      return { ok: false, code: holder.code, title: CARD_HOLDER_REFUSALS[holder.code] };
    }
    const request = await this.logins.approveWithCard(subject, interaction, { civilNumber: outcome.civilNumber });
    await this.events.record({
      action: 'login.card',
      civilNumber: outcome.civilNumber,
      actor: `card:${outcome.certificate.serialHex}`,
      // Denied: a suspended identity (login.denied says so too); the page at /continue tells the person.
      details: { ...base, outcome: request.status === 'approved' ? 'approved' : 'denied', request: request.id, ...(request.denial ? { denial: request.denial } : {}), ...card },
    });
    return { ok: true, request };
  }
}

/** The serial of the certificate a refused token carried, when it parses: for the audit trail only. */
function claimedSerial(token: unknown): string | undefined {
  try {
    const parsed = typeof token === 'string' ? JSON.parse(token) : token;
    const der = (parsed as { unverifiedCertificate?: unknown })?.unverifiedCertificate;
    if (typeof der !== 'string' || der.length > 20_000) return undefined;
    return new X509Certificate(Buffer.from(der, 'base64')).serialNumber.toUpperCase();
  } catch {
    return undefined;
  }
}
