import type { RelyingParty } from './relying-party';

/** HMAC-SHA256 under a key that lives in the CA key store (the shape of @theqa/keys' MacKey). */
export interface SecretMac {
  readonly label: string;
  mac(data: Buffer): Promise<Buffer>;
}

/** The key store label of the client-secret key. A new label (…-2) would change every secret at once. */
export const CLIENT_SECRET_MAC_LABEL = 'rp-client-secret-1';

/**
 * The client_secret_basic secret of a relying party, derived rather than stored: a database dump
 * yields no secret, yet the gateway can recompute it whenever it needs one. A lost secret is replaced
 * by moving to the next generation, which changes the secret and voids the old one.
 */
export async function clientSecretOf(mac: SecretMac, rp: Pick<RelyingParty, 'clientId' | 'authMethod' | 'secretGeneration'>): Promise<string> {
  if (mac.label !== CLIENT_SECRET_MAC_LABEL) throw new Error(`client secrets are derived under the MAC key "${CLIENT_SECRET_MAC_LABEL}", not "${mac.label}"`);
  if (rp.authMethod !== 'client_secret_basic' || !rp.secretGeneration) throw new Error(`${rp.clientId} authenticates with ${rp.authMethod} and has no client secret`);
  const digest = await mac.mac(Buffer.from(`theqa rp client secret\n${rp.clientId}\n${rp.secretGeneration}`, 'utf8'));
  return digest.toString('base64url');
}
