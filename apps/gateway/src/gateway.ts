import type { Request, Response } from 'express';
import Provider, { errors } from 'oidc-provider';
import type { DataSource } from 'typeorm';
import type { AuditLog } from '@theqa/audit';
import { attributeByClaim, type ConsentService } from '@theqa/consent';
import { encodeQrPayload, DEVICE_PROTOCOL_VERSION } from '@theqa/device-protocol';
import type { DeviceChallenges, IdentityEventSink, IdentityStore, IssuedIdCards } from '@theqa/identity';
import type { CivilRegistry, PushNotifier } from '@theqa/integrations';
import { satisfies, type Language } from '@theqa/kernel';
import { claimNamesOf, claimsParameterOf, LoginRequests, personOf, type LoginRequest } from '@theqa/login';
import { serviceSigningKey, type KeyStore } from '@theqa/keys';
import { OidcReadsTogether, PostgresGrantDevices, PostgresLoginRequestStore, PostgresOidcAdapter, PostgresRateLimiter } from '@theqa/persistence';
import type { RelyingPartyRegistry, RemoteJwks } from '@theqa/relying-parties';
import { escapeHtml } from '@theqa/http-shell';
import { page } from './interaction/pages/html';
import { advertiseOnlyWhatWorks } from './oidc/advertise-only-what-works';
import { GatewaySecrets, GATEWAY_SECRETS_LABEL } from './oidc/gateway-secrets';
import { KeyStoreSigningKey } from './oidc/key-store-signing-key';
import { loginSubjectOf } from './oidc/login-subject';
import { InteractionGone, type OpenInteraction } from './oidc/open-interaction';
import { providerConfiguration, TTL } from './oidc/provider-configuration';
import { acrToReport } from './oidc/required-assurance';
import { CachedRelyingParties } from './oidc/cached-relying-parties';
import { RegistryClientAdapter, registryOnlyFetch } from './oidc/registry-client-adapter';
import { keyIdOfCurrentRequest, RelyingPartyKeys } from './oidc/relying-party-keys';
import type { WebEid } from '@theqa/web-eid';
import { CardLogins, type CardLoginEvents } from './card/card-logins';

/** The key-store label of the ID-token signing key; a rotation is a new label. */
export const GATEWAY_SIGNING_KEY_LABEL = 'gateway-id-token-1';

export interface GatewayOptions {
  dataSource: DataSource;
  /** Where the ID-token key and the gateway's MAC key live (the platform's key store). */
  keyStore: KeyStore;
  audit: AuditLog;
  consents: ConsentService;
  relyingParties: RelyingPartyRegistry;
  /** e.g. http://127.0.0.1:8080 — the issuer is this plus /oidc. */
  publicBaseUrl: string;
  identity: { challenges: DeviceChallenges; identities: IdentityStore; registry: CivilRegistry; push: PushNotifier; activity: IdentityEventSink };
  /**
   * The platform's own relying parties (the self-service portal): their ID tokens name the device that
   * approved the login (DEVICE_CLAIM of @theqa/login), and each login gets a grant of its own.
   */
  firstPartyClients?: readonly string[];
  /** The keys relying parties publish at a JWKS URI (the platform's one RemoteJwks); without it such RPs cannot authenticate. */
  remoteJwks?: Pick<RemoteJwks, 'keys'>;
  /** Login with the ID card (Web eID): without it the login page offers QR and push only. */
  webEid?: WebEid;
  /** Which physical card each card certificate is on, so that a login asks the registry about that card. */
  issuedIdCards?: IssuedIdCards;
}

/**
 * The login gateway: the OpenID Provider, the login requests that reach the wallets, consents and the
 * relying-party registry, over PostgreSQL and the CA key store. Nothing here lives only in memory
 * that another instance would need.
 */
export class Gateway {
  private constructor(
    readonly provider: Provider,
    readonly logins: LoginRequests,
    readonly consents: ConsentService,
    /** The registry itself: registrations (the development seed) and anything that must not be stale. */
    readonly relyingParties: RelyingPartyRegistry,
    /** The registry as logins read it, each answer kept for a second (see CachedRelyingParties). */
    readonly activeRelyingParties: CachedRelyingParties,
    readonly secrets: GatewaySecrets,
    /** Where users reach the platform; https there makes the login pages' cookies Secure. */
    readonly publicBaseUrl: string,
    private readonly reads: OidcReadsTogether,
    private readonly firstParty: ReadonlySet<string>,
    private readonly grantDevices: PostgresGrantDevices,
    /** Relying parties' public keys: registered, or read from their JWKS URIs. */
    readonly relyingPartyKeys: RelyingPartyKeys,
    /** Login with the ID card, when the platform hands in Web eID. */
    readonly cardLogins?: CardLogins,
  ) {}

  static async open(options: GatewayOptions): Promise<Gateway> {
    const { dataSource, keyStore, audit, consents, relyingParties, identity } = options;
    const secrets = new GatewaySecrets(await keyStore.macKey(GATEWAY_SECRETS_LABEL));
    const events: CardLoginEvents = {
      record: async (event) => {
        if (event.civilNumber) await identity.activity.record({ ...event, civilNumber: event.civilNumber });
        else await audit.append({ action: event.action, actor: event.actor, subject: event.actor, details: event.details });
      },
    };
    const limits = new PostgresRateLimiter(dataSource);
    const logins = new LoginRequests({
      store: new PostgresLoginRequestStore(dataSource),
      challenges: identity.challenges,
      identities: identity.identities,
      push: identity.push,
      limits,
      events,
    });
    const active = new CachedRelyingParties(relyingParties);
    const reads = new OidcReadsTogether();
    const firstParty = new Set(options.firstPartyClients ?? []);
    const grantDevices = new PostgresGrantDevices(dataSource);
    const keys = new RelyingPartyKeys(options.remoteJwks);
    const clients = new RegistryClientAdapter(active, options.publicBaseUrl, keys, keyIdOfCurrentRequest);
    const configuration = providerConfiguration({
      adapter: (kind: string) => (kind === 'Client' ? clients : new PostgresOidcAdapter(dataSource, kind, reads)),
      fetch: registryOnlyFetch(active, options.publicBaseUrl, keys),
      signingKey: new KeyStoreSigningKey(
        await serviceSigningKey(keyStore, GATEWAY_SIGNING_KEY_LABEL, {
          onGenerated: async (key) => {
            await audit.append({ action: 'key.generated', actor: 'system', subject: key.label, details: { algorithm: key.keyAlgorithm, store: keyStore.kind } });
          },
        }),
      ),
      cookieKeys: await secrets.cookieKeys(),
      secrets,
      consents,
      registry: identity.registry,
      relyingParties: active,
      logins,
      firstParty: { clients: firstParty, deviceOfGrant: (grantId) => grantDevices.deviceOf(grantId) },
    });
    const provider = new Provider(`${options.publicBaseUrl}/oidc`, configuration);
    // Behind a TLS-terminating proxy in production: trust its X-Forwarded-* headers.
    provider.proxy = true;
    provider.use(advertiseOnlyWhatWorks);
    const cardLogins = options.webEid ? new CardLogins(options.webEid, logins, events, { registry: identity.registry, cards: options.issuedIdCards }, limits) : undefined;
    return new Gateway(provider, logins, consents, relyingParties, active, secrets, options.publicBaseUrl, reads, firstParty, grantDevices, keys, cardLogins);
  }

  /**
   * Runs one request's work with its oidc-provider reads together (OidcReadsTogether): an interaction,
   * a code or an access token read with the session and the grant that the request reads next.
   */
  readsTogether<T>(work: () => Promise<T>): Promise<T> {
    return this.reads.together(work);
  }

  /**
   * The pending authorization request of this browser, with what it asks for checked against the
   * registration. Inside readsTogether, the interaction comes with its session and grant in one statement.
   */
  async openInteraction(req: Request, res: Response): Promise<OpenInteraction> {
    let details;
    try {
      details = await this.provider.interactionDetails(req, res);
    } catch {
      throw new InteractionGone();
    }
    const clientId = String(details.params.client_id ?? '');
    const rp = await this.activeRelyingParties.findActive(clientId);
    if (!rp) throw new InteractionGone();
    const subject = loginSubjectOf(rp, details.params);
    return {
      uid: details.uid,
      subject,
      params: details.params,
      grantId: details.grantId,
      record: details,
      view: { name: rp.name, purpose: rp.purpose, claims: subject.claims.map((c) => ({ label: attributeByClaim(c)?.label ?? { ar: c, en: c } })) },
    };
  }

  /** The device approved and the consent is in force: the person is logged in at the relying party. */
  async finishLogin(res: Response, interaction: OpenInteraction, request: LoginRequest): Promise<void> {
    // A grant of this browser's session is reused only if it is this person's, for this relying party:
    // on a shared computer the previous person's grant must not carry over. A first party's login gets
    // a grant of its own: the grant names the device that approved this login.
    const firstParty = this.firstParty.has(request.clientId);
    const existing = interaction.grantId && !firstParty ? await this.provider.Grant.find(interaction.grantId) : undefined;
    const grant = existing && existing.accountId === personOf(request) && existing.clientId === request.clientId ? existing : this.newGrant(request);
    const scope = typeof interaction.params.scope === 'string' ? interaction.params.scope : 'openid';
    grant.addOIDCScope(scope);
    // Checked by loginSubjectOf when the interaction was opened: it parses.
    grant.addOIDCClaims(claimNamesOf(claimsParameterOf(interaction.params.claims)));
    const grantId = await grant.save();
    if (firstParty && request.device) await this.grantDevices.record(grantId, request.device, TTL.Grant);
    // What provider.interactionFinished does, on the interaction this request has read already (it
    // would read the interaction and its session again, two more statements, moments later).
    const { record } = interaction;
    record.result = {
      login: { accountId: personOf(request), acr: acrToReport(request.assurance ?? 'medium', claimsParameterOf(interaction.params.claims)), amr: amrOf(request), remember: false, ts: Math.floor(Date.now() / 1000) },
      consent: { grantId },
    };
    await record.save(record.exp - Math.floor(Date.now() / 1000));
    res.status(303).setHeader('location', record.returnTo).setHeader('content-length', '0').end();
  }

  /**
   * A device reported lost: the grants of the logins it approved at first parties end, with their codes
   * and tokens (other relying parties' grants do not record the device). How many grants ended.
   */
  endGrantsOfDevice(device: string): Promise<number> {
    return this.grantDevices.revokeOfDevice(device);
  }

  /**
   * An identity suspended: every grant the person gave any relying party ends, with its codes and
   * tokens (refresh tokens included), and their sessions at the provider. How many grants ended.
   */
  endGrantsOfPerson(civilNumber: string): Promise<number> {
    return this.grantDevices.revokeOfPerson(civilNumber);
  }

  /** Ends the interaction with an OAuth error at the relying party's redirect URI. */
  async refuse(req: Request, res: Response, error: string, description: string): Promise<void> {
    await this.provider.interactionFinished(req, res, { error, error_description: description }, { mergeWithLastSubmission: false });
  }

  /**
   * A CIBA login the wallet decided: the provider's request gets the grant (and the consent given on
   * the device is recorded), or the error the relying party's next poll receives.
   */
  async completeCiba(request: LoginRequest): Promise<void> {
    if (!request.cibaRequest) return;
    if (request.status !== 'approved') {
      await this.provider.backchannelResult(request.cibaRequest, new errors.AccessDenied(`the login was refused (${request.denial})`));
      return;
    }
    if (!satisfies(request.assurance ?? 'medium', request.acr)) {
      await this.logins.deny(request, 'assurance-too-low');
      await this.provider.backchannelResult(request.cibaRequest, new errors.AccessDenied('the relying party requires high assurance and the identity is at medium'));
      return;
    }
    const ciba = await this.provider.BackchannelAuthenticationRequest.find(request.cibaRequest, { ignoreExpiration: true });
    if (!ciba) return;
    // The wallet showed the data and the purpose: approving there is the consent (one in force: a
    // consent that covers it already is kept).
    await this.consents.grant({ civilNumber: personOf(request), clientId: request.clientId, claims: request.claims, purpose: request.purpose, actor: `device:${request.device}` });
    const grant = this.newGrant(request);
    grant.addOIDCScope(String(ciba.scope ?? 'openid'));
    grant.addOIDCClaims([...request.claims, ...claimNamesOf(claimsParameterOf(ciba.claims))]);
    await grant.save();
    const acr = acrToReport(request.assurance ?? 'medium', claimsParameterOf(ciba.params?.claims));
    await this.provider.backchannelResult(ciba, grant, { acr, amr: ['hwk', 'pin'], authTime: Math.floor(Date.now() / 1000) });
  }

  /** What the QR code of a login request carries. */
  qrPayload(request: LoginRequest): string {
    return encodeQrPayload({ v: DEVICE_PROTOCOL_VERSION, kind: 'login', request: request.id, server: new URL(this.publicBaseUrl).origin, expires_at: request.expiresAt.toISOString() });
  }

  goneInteractionPage(lang: Language): string {
    return page(lang, {
      title: { ar: 'انتهت صلاحية طلب تسجيل الدخول', en: 'This login request has ended' },
      body: `<p class="error">${escapeHtml(lang === 'ar' ? 'انتهت مهلة تسجيل الدخول أو اكتمل. عد إلى الخدمة وابدأ من جديد.' : 'The login timed out or is complete. Go back to the service and start again.')}</p>`,
    });
  }

  private newGrant(request: LoginRequest) {
    return new this.provider.Grant({ accountId: personOf(request), clientId: request.clientId });
  }
}

/** RFC 8176 authentication methods: the wallet's hardware-bound key and PIN, or the ID card (smart card) and PIN1. */
function amrOf(request: LoginRequest): string[] {
  return request.channel === 'card' ? ['sc', 'pin'] : ['hwk', 'pin'];
}
