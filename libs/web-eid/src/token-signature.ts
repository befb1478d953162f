import { createHash, verify } from 'node:crypto';
import type { CardCertificate } from './card-certificate';
import { refuse, type WebEidRefusal } from './refusal';
import { SIGNATURE_ALGORITHMS, verificationKey, type SignatureAlgorithm } from './signature-algorithms';

/**
 * What the card signs (Web eID authentication token format): hash(origin) ‖ hash(challenge nonce),
 * with the token algorithm's hash, over the UTF-8 of the origin and of the nonce as issued (its base64
 * text, not the decoded bytes). The signature algorithm then hashes this again, as any signature does.
 */
export function signedData(algorithm: SignatureAlgorithm, origin: string, challengeNonce: string): Buffer {
  const hash = SIGNATURE_ALGORITHMS[algorithm].hash;
  const digest = (text: string) => createHash(hash).update(text, 'utf8').digest();
  return Buffer.concat([digest(origin), digest(challengeNonce)]);
}

/** Step: the certificate's key signed this origin and this nonce with the token's algorithm. */
export function checkSignature(input: { certificate: CardCertificate; algorithm: SignatureAlgorithm; signature: string; origin: string; challengeNonce: string }): WebEidRefusal | undefined {
  const key = verificationKey(input.algorithm, input.certificate.node.publicKey);
  if (!key) return refuse('signature-invalid', `${input.algorithm} does not fit the certificate's ${input.certificate.node.publicKey.asymmetricKeyType} key`);
  const data = signedData(input.algorithm, input.origin, input.challengeNonce);
  let good = false;
  try {
    good = verify(SIGNATURE_ALGORITHMS[input.algorithm].hash, data, key, Buffer.from(input.signature, 'base64'));
  } catch {
    good = false;
  }
  return good ? undefined : refuse('signature-invalid', `the ${input.algorithm} signature does not verify over ${input.origin} and the challenge nonce`);
}
