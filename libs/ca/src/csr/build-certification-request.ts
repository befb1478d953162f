import { bitString, implicitConstructed, sequence, smallInteger } from '../der/der-writer';
import { signatureAlgorithmIdentifier } from '../der/algorithm-identifier';
import type { SignatureAlgorithm } from '@theqa/keys';

/**
 * A PKCS#10 CertificationRequest (RFC 2986) with an empty subject and no attributes: the CA takes the
 * subject from identity data, so the request only proves possession of the key. Devices (the wallet)
 * build theirs with this; `sign` is the device key's signature over the request info.
 */
export async function buildCertificationRequest(options: {
  publicKeySpki: Buffer;
  signatureAlgorithm: SignatureAlgorithm;
  sign: (data: Buffer) => Buffer | Promise<Buffer>;
}): Promise<Buffer> {
  const info = sequence(smallInteger(0), sequence(), options.publicKeySpki, implicitConstructed(0, Buffer.alloc(0)));
  const signature = await options.sign(info);
  return sequence(info, signatureAlgorithmIdentifier(options.signatureAlgorithm), bitString(signature));
}
