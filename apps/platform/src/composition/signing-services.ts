import { SignatureTrust, type CertificateAuthority } from '@theqa/ca-service';
import { GATEWAY_SIGNING_KEY_LABEL } from '@theqa/gateway';
import { ecdsaDerToRaw, serviceSigningKey, type KeyStore } from '@theqa/keys';
import { callerNetwork } from '@theqa/identity';
import { validatePdf } from '@theqa/pades';
import { PostgresClientAssertionUses, PostgresDeviceSigningKeys, PostgresRateLimiter, PostgresSigningRequestStore, type IdentityActivity } from '@theqa/persistence';
import { authenticateClient, jwkThumbprint, type RelyingPartyRegistry, type RemoteJwks } from '@theqa/relying-parties';
import { signedWebhookSender, signerDirectory, SigningRequests, type SigningLimits } from '@theqa/signing';
import type { SigningAppDependencies } from '@theqa/signing-service';
import type { IdentityServices } from '@theqa/trust-services';
import { createPublicKey } from 'node:crypto';
import { relyingPartyNames, signingActivity } from './activity-sinks';
import type { DataSource } from 'typeorm';

/** Public validation per caller's address: a 25 MB file is a few hundred milliseconds of work. */
const VALIDATIONS_PER_MINUTE = 30;

export interface SigningServicesContext {
  dataSource: DataSource;
  ca: CertificateAuthority;
  keyStore: KeyStore;
  /** Signing events go to the audit log and the signer's activity history together. */
  activity: IdentityActivity;
  identity: IdentityServices;
  relyingParties: RelyingPartyRegistry;
  /** The keys relying parties publish at a JWKS URI (PlatformServices.remoteJwks). */
  remoteJwks?: RemoteJwks;
  publicBaseUrl: string;
  limits: Partial<SigningLimits>;
}

/**
 * The signing service over PostgreSQL and the platform's CA: requests and devices' signing keys in the
 * database, signatures completed with the CA's TSA and status services, webhooks signed with the
 * gateway's published ID-token key, every signature and refusal in the audit log.
 */
export async function openSigningServices(context: SigningServicesContext): Promise<SigningAppDependencies> {
  const { dataSource, identity } = context;
  const webhookKey = await serviceSigningKey(context.keyStore, GATEWAY_SIGNING_KEY_LABEL);
  const trust = new SignatureTrust(context.ca);
  const requests = new SigningRequests({
    store: new PostgresSigningRequestStore(dataSource),
    signers: signerDirectory({ identities: identity.identities, signingKeys: new PostgresDeviceSigningKeys(dataSource), registry: identity.registry }),
    challenges: identity.challenges,
    push: identity.push,
    trust,
    events: signingActivity(context.activity, relyingPartyNames(dataSource)),
    webhooks: signedWebhookSender({
      key: { kid: jwkThumbprint(createPublicKey({ key: webhookKey.publicKeySpki, format: 'der', type: 'spki' }).export({ format: 'jwk' })), sign: async (data) => ecdsaDerToRaw(await webhookKey.sign(data), 32) },
      issuer: context.publicBaseUrl,
    }),
    limits: context.limits,
  });
  const uses = new PostgresClientAssertionUses(dataSource);
  const limiter = new PostgresRateLimiter(dataSource);
  const root = context.ca.authorities.get('theqa-root-ca').certificateDer;
  const audience = `${context.publicBaseUrl.replace(/\/$/, '')}/sign`;
  return {
    requests,
    identities: identity.identities,
    publicBaseUrl: context.publicBaseUrl.replace(/\/$/, ''),
    validate: (pdf) => validatePdf(pdf, { trustAnchors: [root], revocation: async ({ certificate, issuer }) => trust.revocation([certificate, issuer]) }),
    admitValidation: (address) => limiter.consume(`signature-validation:address:${callerNetwork(address)}`, VALIDATIONS_PER_MINUTE, 60, new Date()),
    authenticate: (authorization) =>
      authenticateClient(authorization, {
        findActive: (clientId) => context.relyingParties.findActive(clientId),
        clientSecret: (rp) => context.relyingParties.clientSecret(rp),
        uses,
        audience,
        remoteJwks: context.remoteJwks,
      }),
  };
}
