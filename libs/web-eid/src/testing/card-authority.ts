import path from 'node:path';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import {
  buildCertificationRequest,
  CertificateIssuer,
  InMemoryOcspResponseCache,
  initialiseHierarchy,
  loadHierarchyDefinition,
  loadPlatformOids,
  OcspResponder,
  ProfileCatalogue,
  type AuthorityRegistry,
  type CitizenIdentity,
} from '@theqa/ca';
import { MemoryAuthorityStore, MemoryEvents, MemoryLedger } from '@theqa/ca/testing';
import { MemoryKeyStore } from '@theqa/keys/testing';
import { signedData, type ChallengeNonceStore, type NonceUse, type SignatureAlgorithm } from '..';

const CERTS = path.resolve(__dirname, '../../../../certs');

/**
 * The platform's CA hierarchy in memory (the definitions and profiles of certs/), its ledger, and its
 * OCSP responder over that ledger: card authentication certificates issued exactly as the platform
 * issues them, revoked by changing the ledger, their status answered by the platform's responder code.
 */
export async function openTestAuthority() {
  const oids = loadPlatformOids(CERTS);
  const profiles = ProfileCatalogue.load(path.join(CERTS, 'profiles'), oids);
  const ledger = new MemoryLedger();
  // The issuer signs with the hierarchy it is creating: it reaches the registry once there is one.
  const made: { authorities?: AuthorityRegistry } = {};
  const issuer = new CertificateIssuer({ profiles, authorities: { get: (n: string) => registryOf(made).get(n) } as AuthorityRegistry, ledger, events: new MemoryEvents(), oids });
  const context = { definitions: loadHierarchyDefinition(CERTS), profiles, keyStore: new MemoryKeyStore(), store: new MemoryAuthorityStore(), publicBaseUrl: 'http://127.0.0.1:8080' };
  made.authorities = (await initialiseHierarchy(context, issuer, 'test')).authorities;
  const registry = made.authorities;
  const citizenCa = registry.get('citizen-authentication-ca');
  const delegated = registry.get('citizen-authentication-ocsp');
  const signingCa = registry.get('citizen-signing-ca');
  const signingDelegated = registry.get('citizen-signing-ocsp');
  const ocsp = new OcspResponder({
    issuers: [
      { name: citizenCa.name, certificateDer: citizenCa.certificateDer, responder: { key: delegated.key, certificateDer: delegated.certificateDer } },
      { name: signingCa.name, certificateDer: signingCa.certificateDer, responder: { key: signingDelegated.key, certificateDer: signingDelegated.certificateDer } },
    ],
    statusSource: async (issuerName, serialHex) => {
      const record = ledger.records.get(serialHex.toUpperCase());
      if (!record || record.issuer !== issuerName || record.status === 'pending') return undefined;
      return record.status === 'good' ? { kind: 'good' } : { kind: 'revoked', revokedAt: new Date(Date.now() - 1000) };
    },
    cache: new InMemoryOcspResponseCache(),
    validity: { seconds: 600 },
  });
  return {
    authorities: registry,
    citizenCa: citizenCa.certificateDer,
    cardPolicy: oids.policies['card-authentication'],
    /** The Citizen Signing CA (issuer of card-qualified-signing) and that profile's policy OIDs. */
    signingCa: signingCa.certificateDer,
    signingPolicies: profiles.get('card-qualified-signing').policies.map((name) => oids.policies[name]),
    ocsp: (request: Buffer) => ocsp.respond(request),
    revoke(serialHex: string) {
      const record = ledger.records.get(serialHex.toUpperCase());
      if (!record) throw new Error(`no certificate ${serialHex} in the ledger`);
      record.status = 'revoked';
    },
    /** The certificate of `profile` for a request made elsewhere (on a card, at personalisation). */
    async issueFromRequest(options: { csr: Buffer; identity: CitizenIdentity; cardExpiry: Date; profile: string }) {
      const issued = await issuer.issueForCitizen({ csr: options.csr, profile: options.profile, identity: options.identity, cardExpiry: options.cardExpiry, actor: 'test' });
      return { der: issued.der, serialHex: issued.serialHex };
    },
    /** A card: a key pair, and the certificate of `profile` (card-authentication) over it until `cardExpiry`. */
    async issueCard(options: { identity: CitizenIdentity; cardExpiry: Date; key?: 'ec-p256' | 'rsa-2048'; profile?: string }) {
      const { privateKey, publicKey } = options.key === 'rsa-2048' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const rsa = options.key === 'rsa-2048';
      const csr = await buildCertificationRequest({
        publicKeySpki: publicKey.export({ type: 'spki', format: 'der' }),
        signatureAlgorithm: rsa ? 'sha256WithRSAEncryption' : 'ecdsa-with-SHA256',
        sign: (data) => sign('sha256', data, rsa ? privateKey : { key: privateKey, dsaEncoding: 'der' }),
      });
      const issued = await issuer.issueForCitizen({ csr, profile: options.profile ?? 'card-authentication', identity: options.identity, cardExpiry: options.cardExpiry, actor: 'test' });
      return { der: issued.der, serialHex: issued.serialHex, privateKey };
    },
  };
}

function registryOf(made: { authorities?: AuthorityRegistry }): AuthorityRegistry {
  if (!made.authorities) throw new Error('the hierarchy is not made yet');
  return made.authorities;
}

export type TestAuthority = Awaited<ReturnType<typeof openTestAuthority>>;

/** What the card app does (Web eID's native app): sign hash(origin) ‖ hash(nonce) with the card's authentication key. */
export function cardSignature(privateKey: KeyObject, algorithm: SignatureAlgorithm, origin: string, challengeNonce: string): string {
  const data = signedData(algorithm, origin, challengeNonce);
  const hash = `sha${algorithm.slice(2)}`;
  if (algorithm.startsWith('ES')) return sign(hash, data, { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64');
  if (algorithm.startsWith('PS')) return sign(hash, data, { key: privateKey, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: Number(algorithm.slice(2)) / 8 }).toString('base64');
  return sign(hash, data, privateKey).toString('base64');
}

export function authToken(fields: { certificate: Buffer; algorithm: SignatureAlgorithm; signature: string; format?: string; appVersion?: string }) {
  return {
    unverifiedCertificate: fields.certificate.toString('base64'),
    algorithm: fields.algorithm,
    signature: fields.signature,
    format: fields.format ?? 'web-eid:1.0',
    appVersion: fields.appVersion ?? 'https://web-eid.eu/web-eid-app/releases/2.5.0+0',
  };
}

/** The nonce store's contract in memory (the PostgreSQL one is tested in libs/persistence). */
export class MemoryNonceStore implements ChallengeNonceStore {
  readonly rows = new Map<string, { binding: string; expiresAt: number; used: boolean }>();
  async save(nonce: string, binding: string, lifetimeSeconds: number) {
    const expiresAt = Date.now() + lifetimeSeconds * 1000;
    this.rows.set(nonce, { binding, expiresAt, used: false });
    return new Date(expiresAt);
  }
  async consume(nonce: string, binding: string): Promise<NonceUse> {
    const row = this.rows.get(nonce);
    if (!row || row.binding !== binding) return 'unknown';
    if (row.used) return 'used';
    if (row.expiresAt <= Date.now()) return 'expired';
    row.used = true;
    return 'consumed';
  }
}
