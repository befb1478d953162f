import { createECDH, type JsonWebKey } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CaError } from '@theqa/ca';
import type { CertificateAuthority } from '@theqa/ca-service';
import type { ConsentReceipts, ConsentService } from '@theqa/consent';
import type { Gateway } from '@theqa/gateway';
import type { Logger } from '@theqa/http-shell';
import { DeviceLifecycle, describeActivity, IdentityError, type ActivityHistory, type ActivityPage, type IssuedIdCards } from '@theqa/identity';
import { isDatabaseUnavailable, PostgresAuditLog, PostgresDeviceLifecycle, PostgresDeviceSigningKeys, PostgresPortalLogins, PostgresPortalSessions, PostgresRateLimiter } from '@theqa/persistence';
import { PORTAL_CLAIMS, portalPostLogoutRedirectUri, portalRedirectUri, type PortalAppDependencies, type PortalCertificate } from '@theqa/portal';
import { LoginTransactions, PortalSessions } from '@theqa/portal-sessions';
import { jwkThumbprint, RelyingPartyError, RelyingPartyRegistry, type ClientJwks } from '@theqa/relying-parties';
import type { SigningAppDependencies } from '@theqa/signing-service';
import type { IdentityServices } from '@theqa/trust-services';
import type { PortalConfiguration } from './configuration';
import { portalSigning } from './portal-signing';
import { openCardSigning } from './portal-card-signing';
import { ensureFirstPartyClient } from './first-party-client';

/** The portal as the gateway's consent page and the wallet's signing requests name it. */
export const PORTAL_RELYING_PARTY_NAME = { ar: 'بوابة الخدمة الذاتية', en: 'Self-service portal' };

/** The portal's client key: the private JWK openid-client signs with, and the public JWKS registered at the gateway. */
export function portalClientKeys(hexKey: string): { privateJwk: JsonWebKey & { kid: string }; publicJwks: ClientJwks } {
  const ecdh = createECDH('prime256v1');
  const d = Buffer.from(hexKey, 'hex');
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey();
  const publicJwk = { kty: 'EC' as const, crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') };
  const kid = jwkThumbprint(publicJwk);
  return {
    privateJwk: { ...publicJwk, d: d.toString('base64url'), kid },
    publicJwks: { keys: [{ ...publicJwk, kid, use: 'sig', alg: 'ES256' }] },
  };
}

/**
 * The portal's registration at the gateway, brought in line at every start (as the demo relying
 * party's is in development): its redirect URIs on the public URL, the claims it needs, its key.
 * Plain-http redirect URIs are accepted when the platform itself is served on a loopback address.
 */
export async function ensurePortalRelyingParty(context: { dataSource: DataSource; audit: PostgresAuditLog; publicBaseUrl: string; development: boolean; portal: PortalConfiguration; publicJwks: ClientJwks }) {
  return ensureFirstPartyClient(
    context,
    {
      clientId: context.portal.clientId,
      name: PORTAL_RELYING_PARTY_NAME,
      redirectUri: portalRedirectUri(context.publicBaseUrl),
      postLogoutRedirectUri: portalPostLogoutRedirectUri(context.publicBaseUrl),
      claims: PORTAL_CLAIMS,
      purpose: { ar: 'إدارة هويتك الرقمية: الأجهزة والشهادات والرقم السري والموافقات وسجل النشاط', en: 'Managing your digital identity: devices, certificates, PIN, consents and activity' },
      acrValues: ['medium', 'high'],
    },
    'system:portal',
  );
}

export interface PortalServicesContext {
  dataSource: DataSource;
  publicBaseUrl: string;
  portal: PortalConfiguration;
  privateJwk: JsonWebKey & { kid: string };
  ca: CertificateAuthority;
  identity: IdentityServices;
  signing: SigningAppDependencies;
  gateway: Gateway;
  consents: ConsentService;
  receipts: ConsentReceipts;
  activity: ActivityHistory;
  relyingParties: RelyingPartyRegistry;
  /** Which physical ID card each card certificate is on (the card signature's question to the registry). */
  issuedIdCards: IssuedIdCards;
  logger: Logger;
}

/** The portal's routes over the platform's services: sessions in PostgreSQL, devices, the CA, the upgrade to HIGH, consents, activity. */
export function openPortalServices(context: PortalServicesContext): PortalAppDependencies {
  const { dataSource, ca, identity } = context;
  const sessions = new PortalSessions(new PostgresPortalSessions(dataSource), { idleSeconds: context.portal.idleSeconds, absoluteSeconds: context.portal.absoluteSeconds });
  const signingKeys = new PostgresDeviceSigningKeys(dataSource);
  const lifecycle = new DeviceLifecycle({
    store: new PostgresDeviceLifecycle(dataSource),
    certificates: {
      async revoke(serialHex, actor) {
        try {
          await ca.revocation.revoke({ serialHex, reason: 'keyCompromise', actor, comment: 'device reported lost by its holder' });
          return 'revoked';
        } catch (error) {
          // Revoked before (a first report, a PIN reset's superseding): nothing more to do.
          if (error instanceof CaError && error.code === 'revocation-invalid') return 'already';
          throw error;
        }
      },
    },
    events: identity.activity,
  });
  const relyingPartyName = async (clientId: string) => {
    try {
      return (await context.relyingParties.show(clientId)).name;
    } catch (error) {
      if (error instanceof RelyingPartyError) return undefined;
      throw error;
    }
  };
  return {
    publicBaseUrl: context.publicBaseUrl,
    client: { clientId: context.portal.clientId, privateJwk: context.privateJwk },
    sessions,
    logins: new LoginTransactions(new PostgresPortalLogins(dataSource)),
    identities: identity.identities,
    devices: {
      rename: (civilNumber, serial, name, actor) => lifecycle.rename(civilNumber, serial, name, actor),
      async reportLost(civilNumber, serial, actor) {
        const lost = await lifecycle.reportLost(civilNumber, serial, actor);
        const sessionsEnded = await sessions.endOfDevice(serial);
        await context.gateway.endGrantsOfDevice(serial);
        return { ...lost, sessionsEnded };
      },
    },
    async certificates(civilNumber) {
      const [records, devices, keys] = await Promise.all([ca.ledger.list({ civilNumber, limit: 50 }), identity.identities.devices(civilNumber), signingKeys.ofPerson(civilNumber)]);
      const deviceOf = new Map<string, string>([...devices.map((d) => [d.certificateSerial, d.serial] as const), ...keys.map((k) => [k.certificateSerial, k.device] as const)]);
      return records
        .filter((r) => r.status !== 'pending')
        .map((r): PortalCertificate => ({ serialHex: r.serialHex, profile: r.profile, status: r.status, notBefore: r.notBefore, notAfter: r.notAfter, device: deviceOf.get(r.serialHex) }));
    },
    async pendingSignatures(civilNumber) {
      const now = new Date();
      const pending = (await context.signing.requests.pendingOf(civilNumber)).filter((r) => r.expiresAt > now);
      return Promise.all(
        pending.map(async (r) => ({
          id: r.id,
          relyingParty: (await relyingPartyName(r.relyingParty)) ?? { ar: r.relyingParty, en: r.relyingParty },
          document: r.document.name,
          code: r.code,
          createdAt: r.createdAt,
          expiresAt: r.expiresAt,
        })),
      );
    },
    consents: { list: (civilNumber) => context.consents.list(civilNumber), withdraw: (id, actor) => context.consents.withdraw(id, actor) },
    upgrades: identity.upgrades,
    relyingPartyName,
    async activity(civilNumber, { limit, before }) {
      let page: ActivityPage;
      try {
        page = await context.activity.page(civilNumber, { limit, before });
      } catch (error) {
        // A cursor that is not an entry's id (the portal lets through what looks like one): the first page.
        if (!(error instanceof IdentityError && error.code === 'request-invalid') || before === undefined) throw error;
        page = await context.activity.page(civilNumber, { limit });
      }
      return { entries: page.entries, before: page.older };
    },
    describeActivity,
    receipts: (consentId, civilNumber) => context.receipts.issue(consentId, civilNumber),
    signing: portalSigning(context.signing.requests, { clientId: context.portal.clientId, name: PORTAL_RELYING_PARTY_NAME }, { counters: new PostgresRateLimiter(dataSource), limit: context.portal.signUploads }),
    cardSigning: openCardSigning({ dataSource, ca, registry: identity.registry, cards: context.issuedIdCards, events: identity.activity, maxDocumentBytes: context.signing.requests.maxDocumentBytes }),
    features: { upgrade: true, signPdf: true },
    isOutage: isDatabaseUnavailable,
    logger: context.logger.child({ component: 'portal' }),
  };
}
