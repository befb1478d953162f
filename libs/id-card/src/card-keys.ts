/**
 * The card's key pairs and certificates on a token: made at personalisation (sensitive, non-extractable:
 * the private key never leaves the chip), found again by label, signing a digest with CKM_ECDSA.
 */
import { createHash } from 'node:crypto';
import { CertificateType, KeyGenMechanism, KeyType, MechanismEnum, ObjectClass, UserType, type PrivateKey, type PublicKey, type Session } from 'graphene-pk11';
import { readCertificateFields } from '@theqa/ca';
import { EC_PARAMS, ecPublicKeySpki, type EcKeyAlgorithm } from '@theqa/keys';
import { CardError, tokenReason } from './card-error';
import { OBJECT, type CardKey } from './card-layout';

export interface CardKeyPair {
  privateKey: PrivateKey;
  algorithm: EcKeyAlgorithm;
  /** DER SubjectPublicKeyInfo. */
  spki: Buffer;
  id: Buffer;
  /**
   * CKA_ALWAYS_AUTHENTICATE: every signature needs the PIN again (a context-specific login between
   * C_SignInit and C_Sign), as a qualified signing key on a card does. Set on the signing key (PIN2).
   */
  alwaysAuthenticate: boolean;
}

/** The signing key (PIN2) asks for its PIN at every signature; the authentication key (PIN1) at login. */
const ALWAYS_AUTHENTICATE: Readonly<Record<CardKey, boolean>> = { authentication: false, signing: true };

const COORDINATE_BYTES: Record<EcKeyAlgorithm, number> = { 'ec-p256': 32, 'ec-p384': 48 };

export function generateCardKey(session: Session, key: CardKey, algorithm: EcKeyAlgorithm): Promise<CardKeyPair> {
  const label = OBJECT.key(key);
  const common = { token: true, label, keyType: KeyType.EC };
  return new Promise((resolve, reject) => {
    session.generateKeyPair(
      KeyGenMechanism.EC,
      { ...common, private: false, verify: true, encrypt: false, wrap: false, paramsEC: EC_PARAMS[algorithm] },
      // Sign only: the authentication key answers challenges, the signing key signs digests; neither decrypts or derives.
      { ...common, private: true, sensitive: true, extractable: false, sign: true, decrypt: false, unwrap: false, derive: false, alwaysAuth: ALWAYS_AUTHENTICATE[key] },
      (error, keys) => {
        if (error || !keys) return reject(new CardError('token-error', `could not generate the ${key} key: ${tokenReason(error)}`));
        const spki = publicKeySpki(keys.publicKey, algorithm);
        // CKA_ID as many card profiles make it: a hash of the public key, shared by the key pair and its certificate.
        const id = createHash('sha1').update(spki).digest();
        keys.privateKey.setAttribute({ id });
        keys.publicKey.setAttribute({ id });
        resolve({ privateKey: keys.privateKey, algorithm, spki, id, alwaysAuthenticate: ALWAYS_AUTHENTICATE[key] });
      },
    );
  });
}

function findPublicSpki(session: Session, key: CardKey): Buffer {
  const publicKeys = session.find({ class: ObjectClass.PUBLIC_KEY, label: OBJECT.key(key) });
  if (publicKeys.length !== 1) throw new CardError('card-not-personalised', `no single ${key} public key on the card`);
  const publicKey = publicKeys.items(0).toType<PublicKey>();
  return publicKeySpki(publicKey, curveOf(publicKey, key));
}

function curveOf(publicKey: PublicKey, key: CardKey): EcKeyAlgorithm {
  const attributes = publicKey.getAttribute({ paramsEC: null }) as Record<string, Buffer | undefined>;
  const params = (attributes.paramsEC ?? attributes.paramsECDSA)?.toString('hex');
  const algorithm = (Object.keys(EC_PARAMS) as EcKeyAlgorithm[]).find((a) => EC_PARAMS[a].toString('hex') === params);
  if (!algorithm) throw new CardError('card-not-personalised', `the ${key} key is not on a supported curve`);
  return algorithm;
}

/** The key pair of `key` on the token (logged in: the private key is a private object). */
export function findCardKey(session: Session, key: CardKey): CardKeyPair {
  const privateKeys = session.find({ class: ObjectClass.PRIVATE_KEY, label: OBJECT.key(key) });
  const publicKeys = session.find({ class: ObjectClass.PUBLIC_KEY, label: OBJECT.key(key) });
  if (privateKeys.length !== 1 || publicKeys.length !== 1) throw new CardError('card-not-personalised', `no single ${key} key on the card`);
  const publicKey = publicKeys.items(0).toType<PublicKey>();
  const algorithm = curveOf(publicKey, key);
  const { id } = publicKey.getAttribute({ id: null }) as { id?: Buffer };
  const privateKey = privateKeys.items(0).toType<PrivateKey>();
  // Cards personalised before the signing key was made always-authenticate do not have the attribute set.
  const { alwaysAuth } = privateKey.getAttribute({ alwaysAuth: null }) as { alwaysAuth?: boolean };
  return { privateKey, algorithm, spki: publicKeySpki(publicKey, algorithm), id: id ?? Buffer.alloc(0), alwaysAuthenticate: alwaysAuth === true };
}

/**
 * ECDSA over a digest the caller made: the raw r‖s (IEEE P1363) the token returns. An always-authenticate
 * key takes its PIN again between C_SignInit and C_Sign (C_Login with CKU_CONTEXT_SPECIFIC); the caller has
 * presented that PIN, counted, a moment before, so a refusal here is the token's fault, not a wrong PIN.
 */
export function signDigest(session: Session, pair: CardKeyPair, digest: Buffer, pin?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => reject(new CardError('token-error', `the card could not sign: ${tokenReason(error)}`));
    try {
      const signer = session.createSign(MechanismEnum.ECDSA, pair.privateKey);
      if (pair.alwaysAuthenticate) {
        if (pin === undefined) throw new CardError('token-error', 'the signing key needs its PIN for every signature');
        session.login(pin, UserType.CONTEXT_SPECIFIC);
      }
      signer.once(digest, (error, signature) => (error ? fail(error) : resolve(signature)));
    } catch (error) {
      if (error instanceof CardError) reject(error);
      else fail(error);
    }
  });
}

/** The certificate beside its key pair (same CKA_ID), public as on a card: readable before any PIN. */
export function storeCertificate(session: Session, key: CardKey, id: Buffer, der: Buffer): void {
  let fields: ReturnType<typeof readCertificateFields>;
  try {
    fields = readCertificateFields(der);
  } catch (error) {
    throw new CardError('token-error', `the issued ${key} certificate cannot be read: ${(error as Error).message}`);
  }
  if (!fields.spki.equals(findPublicSpki(session, key))) throw new CardError('token-error', `the issued ${key} certificate is not for the card's key`);
  session.create({
    class: ObjectClass.CERTIFICATE,
    certType: CertificateType.X_509,
    token: true,
    private: false,
    modifiable: false,
    label: OBJECT.certificate(key),
    id,
    subject: fields.subjectDer,
    issuer: fields.issuerDer,
    // CKA_SERIAL_NUMBER is the DER of the INTEGER, tag and length included.
    serial: Buffer.concat([Buffer.from([0x02, fields.serial.length]), fields.serial]),
    value: der,
  });
}

/** The certificate of `key` (a public object: readable before any PIN). */
export function readCertificate(session: Session, key: CardKey): Buffer {
  const found = session.find({ class: ObjectClass.CERTIFICATE, label: OBJECT.certificate(key) });
  if (found.length !== 1) throw new CardError('card-not-personalised', `no single ${key} certificate on the card`);
  const { value } = found.items(0).getAttribute({ value: null }) as { value: Buffer };
  return value;
}

function publicKeySpki(publicKey: PublicKey, algorithm: EcKeyAlgorithm): Buffer {
  const { pointEC } = publicKey.getAttribute({ pointEC: null }) as { pointEC: Buffer };
  const length = 1 + 2 * COORDINATE_BYTES[algorithm];
  // CKA_EC_POINT is meant to be a DER OCTET STRING around the point; some tokens give the bare point.
  const point = pointEC.length === length ? pointEC : pointEC.subarray(pointEC.length - length);
  try {
    return ecPublicKeySpki(algorithm, point);
  } catch {
    throw new CardError('token-error', 'the card returned an invalid public key');
  }
}
