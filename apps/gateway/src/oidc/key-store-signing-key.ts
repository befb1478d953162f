import { createPublicKey, type KeyObject } from 'node:crypto';
import { ExternalSigningKey } from 'oidc-provider';
import { ecdsaDerToRaw, type SigningKey } from '@theqa/keys';
import { jwkThumbprint } from '@theqa/relying-parties';

/**
 * The gateway's ID-token key as oidc-provider sees it: the private key stays in the CA key store
 * (software, encrypted at rest; or the HSM), and only `sign` crosses. JWS wants ECDSA signatures as
 * r ‖ s, the key store gives DER, hence the conversion.
 */
export class KeyStoreSigningKey extends ExternalSigningKey {
  private readonly publicKey: KeyObject;

  constructor(private readonly key: SigningKey) {
    super();
    if (key.keyAlgorithm !== 'ec-p256') throw new Error(`the gateway signs ES256: key ${key.label} is ${key.keyAlgorithm}`);
    this.publicKey = createPublicKey({ key: key.publicKeySpki, format: 'der', type: 'spki' });
    // The typings call these read-only; the class itself has setters for subclasses to use.
    Object.assign(this, { alg: 'ES256', kid: jwkThumbprint(this.publicKey.export({ format: 'jwk' })) });
  }

  override keyObject(): KeyObject {
    return this.publicKey;
  }

  override async sign(data: Buffer): Promise<Buffer> {
    return ecdsaDerToRaw(await this.key.sign(data), 32);
  }
}
