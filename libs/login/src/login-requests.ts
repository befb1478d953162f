import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { attributeByClaim } from '@theqa/consent';
import {
  decodeChallenge,
  fromBase64url,
  loginScanSigningBytes,
  readDeviceAnswer,
  readLoginScan,
  type ChallengeEnvelope,
  type LoginContext,
} from '@theqa/device-protocol';
import { deviceBySignature, deviceRemoved, IdentityError, type DeviceChallenges, type IdentityStore } from '@theqa/identity';
import type { PushNotifier } from '@theqa/integrations';
import { acrOf, isCivilNumber, type AssuranceLevel, type Bilingual, type RateLimiter } from '@theqa/kernel';
import { LoginError } from './login-error';
import { isOpen, type LoginChannel, type LoginDenial, type LoginRequest } from './login-request';
import type { LoginEvents, LoginRequestStore } from './ports';
import { verificationCodes } from './verification-codes';

/** A QR code, and a push or CIBA request, is good for two minutes (the issue's bound). */
export const LOGIN_REQUEST_SECONDS = 120;
/** Pushes per civil number and per browser, per ten minutes: enough for a person, useless for spam. */
export const PUSH_LIMITS = { perCivilNumber: 5, perBrowser: 10, windowSeconds: 600 } as const;

/**
 * CIBA requests per relying party and per caller's address, per minute: a busy relying party's logins,
 * not a sweep through civil numbers. Per civil number they count with the pushes (PUSH_LIMITS).
 */
export const CIBA_LIMITS = { perClient: 120, perAddress: 240, windowSeconds: 60 } as const;

/** Who asks and for what: the part of a login the relying party's request fixes. */
export interface LoginSubject {
  clientId: string;
  relyingParty: Bilingual;
  claims: string[];
  purpose: Bilingual;
  acr: AssuranceLevel;
}

export interface LoginRequestsDependencies {
  store: LoginRequestStore;
  challenges: DeviceChallenges;
  identities: IdentityStore;
  push: PushNotifier;
  limits: RateLimiter;
  events: LoginEvents;
  clock?: () => Date;
}

export interface DeviceAnswerResult {
  status: 'approved' | 'denied';
  denial?: LoginDenial;
  request: LoginRequest;
}

/**
 * The device side of a login: a request is made for a browser interaction (QR or push) or a CIBA
 * call, reaches the person's wallet as a login challenge, and is decided once by a signed device
 * answer, with the PIN and the verification code checked. The OpenID Provider reads the outcome.
 */
export class LoginRequests {
  private readonly clock: () => Date;

  constructor(private readonly deps: LoginRequestsDependencies) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /**
   * A new QR request for the interaction; any earlier open request of it expires. The page shows the
   * verification code beside the QR code, so the wallet can ask for it the moment it has scanned.
   * Once the wallet has approved the interaction's login, that approved request is returned instead.
   */
  async startQr(subject: LoginSubject, interaction: string): Promise<LoginRequest> {
    const { code, shown } = verificationCodes();
    const request = this.newRequest('qr', subject, this.clock(), { interaction, code, decoys: shown });
    return (await this.deps.store.replaceOpen({ ...request, interaction })) ?? request;
  }

  /**
   * Sends the login to every active device of the civil number. The answer does not say whether the
   * number has an identity or devices, so the page cannot be used to find out who is registered.
   * Once the wallet has approved the interaction's login, that approved request is returned instead.
   */
  async startPush(subject: LoginSubject, interaction: string, civilNumber: string, browser: string): Promise<LoginRequest> {
    if (!isCivilNumber(civilNumber)) throw new LoginError('request-invalid', 'the civil number is 6 to 12 digits');
    const approved = await this.approvedOf(interaction);
    if (approved) return approved;
    const now = this.clock();
    await this.limit(`login-push:civil:${civilNumber}`, PUSH_LIMITS.perCivilNumber, PUSH_LIMITS.windowSeconds, now);
    await this.limit(`login-push:browser:${browser}`, PUSH_LIMITS.perBrowser, PUSH_LIMITS.windowSeconds, now);
    const { code, shown } = verificationCodes();
    const request = this.newRequest('push', subject, now, { interaction, civilNumber, code, decoys: shown });
    const approvedMeanwhile = await this.deps.store.replaceOpen({ ...request, interaction });
    if (approvedMeanwhile) return approvedMeanwhile;
    const sent = await this.sendToDevices(request, { codes: shown });
    await this.deps.events.record({ action: 'login.push-sent', civilNumber, actor: `rp:${subject.clientId}`, details: { request: request.id, client: subject.clientId, relying_party: subject.relyingParty, devices: sent } });
    return request;
  }

  /**
   * Whether a CIBA request may be made, before anything of it is saved: counted per relying party, per
   * caller's address and per civil number (with the pushes to the same wallet). Registered or not, a
   * civil number is counted and refused alike, so a refusal says nothing about who has a wallet.
   */
  async admitCiba(caller: { clientId: string; civilNumber: string; address: string }): Promise<void> {
    if (!isCivilNumber(caller.civilNumber)) throw new LoginError('request-invalid', 'the civil number is 6 to 12 digits');
    const now = this.clock();
    await this.limit(`login-ciba:client:${caller.clientId}`, CIBA_LIMITS.perClient, CIBA_LIMITS.windowSeconds, now);
    await this.limit(`login-ciba:address:${caller.address}`, CIBA_LIMITS.perAddress, CIBA_LIMITS.windowSeconds, now);
    await this.limit(`login-push:civil:${caller.civilNumber}`, PUSH_LIMITS.perCivilNumber, PUSH_LIMITS.windowSeconds, now);
  }

  /**
   * A decoupled (CIBA) login, admitted by admitCiba: the binding message takes the place of the
   * verification code. A civil number without an active identity gets the same request, which no
   * device will ever answer: it expires like one the person ignored.
   */
  async startCiba(subject: LoginSubject, cibaRequest: string, civilNumber: string, bindingMessage: string): Promise<LoginRequest> {
    const now = this.clock();
    const request = this.newRequest('ciba', subject, now, { cibaRequest, civilNumber, bindingMessage });
    await this.deps.store.create(request);
    const sent = await this.sendToDevices(request, { binding_message: bindingMessage });
    await this.deps.events.record({ action: 'login.ciba-sent', civilNumber, actor: `rp:${subject.clientId}`, details: { request: request.id, client: subject.clientId, relying_party: subject.relyingParty, devices: sent } });
    return request;
  }

  /**
   * The ID card authenticated this browser's interaction (the gateway validated the card's Web eID token):
   * a request approved at once, at high assurance (a qualified card certificate). No device: the card is
   * not a wallet, and a first party's session must not end with a device it never had (the gateway
   * audits the certificate's serial). As for a push, an interaction the wallet approved keeps that approval.
   * A suspended digital identity is denied (`identity-suspended`), the card notwithstanding.
   */
  async approveWithCard(subject: LoginSubject, interaction: string, card: { civilNumber: string }): Promise<LoginRequest> {
    if (!isCivilNumber(card.civilNumber)) throw new LoginError('request-invalid', 'the civil number is 6 to 12 digits');
    const now = this.clock();
    const request = this.newRequest('card', subject, now, { interaction, civilNumber: card.civilNumber });
    const approvedMeanwhile = await this.deps.store.replaceOpen({ ...request, interaction });
    if (approvedMeanwhile) return approvedMeanwhile;
    // A card holder needs no digital identity; one who has one suspended is refused, as at the wallet.
    const identity = await this.deps.identities.find(card.civilNumber);
    if (identity && identity.status !== 'active') return this.decide(request, 'denied', 'identity-suspended', now, {});
    return this.decide(request, 'approved', undefined, now, { assurance: 'high' });
  }

  /** The wallet read the QR code: the request becomes this device's, and the device gets its challenge. */
  async scan(body: unknown): Promise<ChallengeEnvelope & { request: LoginRequest }> {
    const now = this.clock();
    let scan;
    try {
      scan = readLoginScan(body);
    } catch (error) {
      throw new LoginError('scan-invalid', (error as Error).message);
    }
    const request = await this.deps.store.find(scan.request);
    if (!request || request.channel !== 'qr') throw new LoginError('login-unknown', 'no such login request');
    if (request.status !== 'pending') throw new LoginError('login-used', 'this QR code has already been used: refresh the page and scan the new code');
    if (request.expiresAt <= now) throw new LoginError('login-expired', 'this QR code has expired: scan the new code on the page');
    // A serial nobody registered is refused as a wrong signature is; only the device hears it was removed.
    const signature = Buffer.from(fromBase64url(scan.signature));
    const device = await deviceBySignature(this.deps.identities, scan.device, (d) =>
      verify('sha256', loginScanSigningBytes(scan), { key: createPublicKey({ key: d.publicKeySpki, format: 'der', type: 'spki' }), dsaEncoding: 'ieee-p1363' }, signature),
    );
    if (!device) throw new LoginError('scan-invalid', "the scan's signature does not verify with the device's key");
    if (device.status !== 'active') throw deviceRemoved();
    const identity = await this.deps.identities.find(device.civilNumber);
    if (!identity) throw new LoginError('login-unknown', 'this identity cannot log in now');
    if (identity.status !== 'active') {
      // The scan is signed by the holder's own device: they are told why, and the page waiting in the
      // browser ends with the same refusal rather than at its expiry.
      await this.decide({ ...request, civilNumber: device.civilNumber }, 'denied', 'identity-suspended', now, { device: device.serial });
      throw new IdentityError('identity-suspended', 'the digital identity is suspended');
    }
    const claimed: LoginRequest = {
      ...request,
      status: 'claimed',
      civilNumber: device.civilNumber,
      device: device.serial,
      expiresAt: new Date(now.getTime() + LOGIN_REQUEST_SECONDS * 1000),
    };
    if (!(await this.deps.store.save(claimed))) throw new LoginError('login-used', 'this QR code has already been used: refresh the page and scan the new code');
    const envelope = await this.deps.challenges.issueLogin(device, this.contextOf(claimed, { codes: claimed.decoys }), claimed.expiresAt);
    await this.deps.events.record({ action: 'login.qr-scanned', civilNumber: device.civilNumber, actor: `device:${device.serial}`, device: device.serial, details: { request: request.id, client: request.clientId, relying_party: request.relyingParty } });
    return { payload: envelope.payload, request: { ...claimed, version: claimed.version + 1 } };
  }

  /**
   * The device's answer. The challenge is checked and spent by DeviceChallenges (signature, PIN,
   * counting wrong PINs); this decides the login: a wrong PIN, a wrong code or a denial denies it.
   */
  async answer(body: unknown): Promise<DeviceAnswerResult> {
    const now = this.clock();
    const requestId = loginRequestOf(body);
    const request = await this.deps.store.find(requestId);
    if (!request) throw new LoginError('login-unknown', 'no such login request');
    if (!isOpen(request, now)) throw new LoginError(request.status === 'pending' || request.status === 'claimed' ? 'login-expired' : 'login-decided', `this login is ${request.status === 'pending' || request.status === 'claimed' ? 'expired' : 'already decided'}`);
    let outcome;
    try {
      outcome = await this.deps.challenges.answer(body, ['login']);
    } catch (error) {
      if (error instanceof IdentityError && (error.code === 'pin-wrong' || error.code === 'pin-blocked')) {
        await this.decide(request, 'denied', error.code, now, { device: (body as { device?: string }).device });
      }
      throw error;
    }
    if (outcome.device.civilNumber !== request.civilNumber || (request.channel === 'qr' && outcome.device.serial !== request.device)) {
      throw new LoginError('device-mismatch', 'this device cannot answer this login');
    }
    let denial: LoginDenial | undefined;
    if (outcome.decision === 'deny') denial = 'denied-on-device';
    else if (outcome.identity.status !== 'active') denial = 'identity-suspended';
    else if (request.code !== undefined && outcome.answer.code !== request.code) denial = 'wrong-code';
    const decided = await this.decide(request, denial ? 'denied' : 'approved', denial, now, { device: outcome.device.serial, assurance: outcome.identity.assurance });
    return { status: decided.status as 'approved' | 'denied', denial, request: decided };
  }

  /** The browser side's refusals after the device approved (consent declined, assurance too low). */
  async deny(request: LoginRequest, denial: LoginDenial): Promise<LoginRequest> {
    return this.decide(request, 'denied', denial, this.clock(), {});
  }

  async find(id: string): Promise<LoginRequest | undefined> {
    return this.deps.store.find(id);
  }

  async latestOfInteraction(interaction: string): Promise<LoginRequest | undefined> {
    return this.deps.store.latestOfInteraction(interaction);
  }

  async ofCibaRequest(cibaRequest: string): Promise<LoginRequest | undefined> {
    return this.deps.store.findByCibaRequest(cibaRequest);
  }

  /**
   * The interaction's login once the wallet has approved it. Asking again for a code or a push (the
   * back button, a form sent twice) must not put a new request in its place: the approval would be
   * lost and the person asked to approve again.
   */
  private async approvedOf(interaction: string): Promise<LoginRequest | undefined> {
    const latest = await this.deps.store.latestOfInteraction(interaction);
    return latest?.status === 'approved' ? latest : undefined;
  }

  private async decide(
    request: LoginRequest,
    status: 'approved' | 'denied',
    denial: LoginDenial | undefined,
    now: Date,
    facts: { device?: string; assurance?: AssuranceLevel },
  ): Promise<LoginRequest> {
    const decided: LoginRequest = { ...request, status, denial, decidedAt: now, device: facts.device ?? request.device, assurance: facts.assurance ?? request.assurance };
    if (!(await this.deps.store.save(decided))) throw new LoginError('login-decided', 'this login has already been decided');
    await this.deps.events.record({
      action: status === 'approved' ? 'login.approved' : 'login.denied',
      civilNumber: request.civilNumber,
      actor: facts.device ? `device:${facts.device}` : `rp:${request.clientId}`,
      device: facts.device,
      // The relying party's name as the person saw it, and the level the login was at (the portal's activity).
      details: {
        request: request.id,
        client: request.clientId,
        relying_party: request.relyingParty,
        channel: request.channel,
        previous: request.status,
        ...(status === 'approved' && facts.assurance ? { acr: acrOf(facts.assurance) } : {}),
        ...(denial ? { denial } : {}),
      },
    });
    return { ...decided, version: decided.version + 1 };
  }

  private newRequest(channel: LoginChannel, subject: LoginSubject, now: Date, extra: Partial<LoginRequest>): LoginRequest {
    return {
      id: randomBytes(16).toString('base64url'),
      channel,
      clientId: subject.clientId,
      relyingParty: subject.relyingParty,
      claims: subject.claims,
      purpose: subject.purpose,
      acr: subject.acr,
      status: 'pending',
      createdAt: now,
      expiresAt: new Date(now.getTime() + LOGIN_REQUEST_SECONDS * 1000),
      version: 0,
      ...extra,
    };
  }

  private contextOf(request: LoginRequest, check: Pick<LoginContext, 'codes' | 'binding_message'>): LoginContext {
    return {
      request: request.id,
      relying_party: request.relyingParty,
      claims: request.claims.map((claim) => {
        const attribute = attributeByClaim(claim);
        return { claim, ar: attribute?.label.ar ?? claim, en: attribute?.label.en ?? claim };
      }),
      purpose: request.purpose,
      ...check,
    };
  }

  private async sendToDevices(request: LoginRequest, check: Pick<LoginContext, 'codes' | 'binding_message'>): Promise<number> {
    const identity = request.civilNumber ? await this.deps.identities.find(request.civilNumber) : undefined;
    if (!identity || identity.status !== 'active' || identity.pinBlockedAt) return 0;
    const devices = await this.deps.challenges.activeDevices(identity.civilNumber);
    for (const device of devices) {
      const envelope = await this.deps.challenges.issueLogin(device, this.contextOf(request, check), request.expiresAt);
      await this.deps.push.notify(
        device.serial,
        {
          type: 'login-request',
          alert: { ar: `طلب تسجيل دخول إلى ${request.relyingParty.ar}`, en: `Login request from ${request.relyingParty.en}` },
          data: { request: request.id, challenge: envelope.payload },
        },
        { ttlSeconds: LOGIN_REQUEST_SECONDS },
      );
    }
    return devices.length;
  }

  private async limit(bucket: string, limit: number, windowSeconds: number, now: Date): Promise<void> {
    const verdict = await this.deps.limits.consume(bucket, limit, windowSeconds, now);
    if (!verdict.allowed) throw new LoginError('rate-limited', 'too many login requests: wait and try again', { retry_after: verdict.retryAfterSeconds });
  }
}

/** The login request an answer is about, read from its challenge (before anything is verified or spent). */
function loginRequestOf(body: unknown): string {
  try {
    const challenge = decodeChallenge(readDeviceAnswer(body).challenge);
    if (challenge.purpose !== 'login' || !challenge.login) throw new Error('not a login challenge');
    return challenge.login.request;
  } catch (error) {
    throw new LoginError('request-invalid', `not a login answer: ${(error as Error).message}`);
  }
}
