import { SignatureTrust, type CertificateAuthority } from '@theqa/ca-service';
import { GATEWAY_SIGNING_KEY_LABEL } from '@theqa/gateway';
import { ecdsaDerToRaw, serviceSigningKey, type KeyStore } from '@theqa/keys';
import { PostgresClientAssertionUses, PostgresDeviceSigningKeys, PostgresSigningRequestStore, type PostgresAuditLog } from '@theqa/persistence';
import { authenticateClient, jwkThumbprint, type RelyingPartyRegistry } from '@theqa/relying-parties';
import { signedWebhookSender, signerDirectory, SigningRequests, type SigningLimits } from '@theqa/signing';
import type { SigningAppDependencies } from '@theqa/signing-service';
import type { IdentityServices } from '@theqa/trust-services';
import { createPublicKey } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface SigningServicesContext {
  dataSource: DataSource;
  ca: CertificateAuthority;
  keyStore: KeyStore;
  audit: PostgresAuditLog;
  identity: IdentityServices;
  relyingParties: RelyingPartyRegistry;
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
  const requests = new SigningRequests({
    store: new PostgresSigningRequestStore(dataSource),
    signers: signerDirectory({ identities: identity.identities, signingKeys: new PostgresDeviceSigningKeys(dataSource), registry: identity.registry }),
    challenges: identity.challenges,
    push: identity.push,
    trust: new SignatureTrust(context.ca),
    events: { record: async (event) => void (await context.audit.append(event)) },
    webhooks: signedWebhookSender({
      key: { kid: jwkThumbprint(createPublicKey({ key: webhookKey.publicKeySpki, format: 'der', type: 'spki' }).export({ format: 'jwk' })), sign: async (data) => ecdsaDerToRaw(await webhookKey.sign(data), 32) },
      issuer: context.publicBaseUrl,
    }),
    limits: context.limits,
  });
  const uses = new PostgresClientAssertionUses(dataSource);
  const audience = `${context.publicBaseUrl.replace(/\/$/, '')}/sign`;
  return {
    requests,
    identities: identity.identities,
    publicBaseUrl: context.publicBaseUrl.replace(/\/$/, ''),
    authenticate: (authorization) =>
      authenticateClient(authorization, {
        findActive: (clientId) => context.relyingParties.findActive(clientId),
        clientSecret: (rp) => context.relyingParties.clientSecret(rp),
        uses,
        audience,
      }),
  };
}
