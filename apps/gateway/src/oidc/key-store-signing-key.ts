import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { ExternalSigningKey } from 'oidc-provider';
import type { SigningKey } from '@theqa/ca';

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
    Object.assign(this, { alg: 'ES256', kid: jwkThumbprint(this.publicKey) });
  }

  override keyObject(): KeyObject {
    return this.publicKey;
  }

  override async sign(data: Buffer): Promise<Buffer> {
    return derToP1363(await this.key.sign(data), 32);
  }
}

/** RFC 7638 thumbprint: every instance names the same key the same way. */
function jwkThumbprint(key: KeyObject): string {
  const { crv, kty, x, y } = key.export({ format: 'jwk' });
  return createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
}

/** ECDSA-Sig-Value (SEQUENCE of two INTEGERs) to the fixed-width r ‖ s of JWS. */
export function derToP1363(der: Buffer, size: number): Buffer {
  let offset = 2;
  if (der[0] !== 0x30) throw new Error('not an ECDSA DER signature');
  if (der[1] & 0x80) offset = 2 + (der[1] & 0x7f);
  const parts: Buffer[] = [];
  for (let i = 0; i < 2; i++) {
    if (der[offset] !== 0x02) throw new Error('not an ECDSA DER signature');
    const length = der[offset + 1];
    let value = der.subarray(offset + 2, offset + 2 + length);
    offset += 2 + length;
    while (value.length > size && value[0] === 0) value = value.subarray(1);
    parts.push(Buffer.concat([Buffer.alloc(size - value.length), value]));
  }
  return Buffer.concat(parts);
}
