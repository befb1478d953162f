import { bitString, explicit, sequence, smallInteger, unsignedInteger, x509Time } from '../der/der-writer';
import { signatureAlgorithmIdentifier } from '../der/algorithm-identifier';
import type { SignatureAlgorithm, SigningKey } from '../keys/signing-key';
import type { CertificateProfile } from '../profiles/certificate-profile';
import type { NameAttribute } from '../names/distinguished-name';
import type { SubjectPublicKey } from '../csr/public-key';
import { extensionsField, type Extension } from './extensions';

/** Everything a certificate will say, before it is encoded and signed: what the linter inspects. */
export interface CertificateDraft {
  serial: Buffer;
  profile: CertificateProfile;
  signatureAlgorithm: SignatureAlgorithm;
  issuer: { name: string; nameDer: Buffer; notBefore: Date; notAfter: Date; selfSigned: boolean };
  subject: NameAttribute[];
  subjectDer: Buffer;
  notBefore: Date;
  notAfter: Date;
  publicKey: SubjectPublicKey;
  extensions: Extension[];
}

const V3 = explicit(0, smallInteger(2));

export function encodeTbsCertificate(draft: CertificateDraft): Buffer {
  return sequence(
    V3,
    unsignedInteger(draft.serial),
    signatureAlgorithmIdentifier(draft.signatureAlgorithm),
    draft.issuer.nameDer,
    sequence(x509Time(draft.notBefore), x509Time(draft.notAfter)),
    draft.subjectDer,
    draft.publicKey.spki,
    extensionsField(draft.extensions),
  );
}

/** Signs the TBSCertificate with the issuer's key and wraps it: Certificate ::= SEQUENCE { tbs, alg, signature }. */
export async function signCertificate(tbs: Buffer, signatureAlgorithm: SignatureAlgorithm, key: SigningKey): Promise<Buffer> {
  const signature = await key.sign(tbs);
  return sequence(tbs, signatureAlgorithmIdentifier(signatureAlgorithm), bitString(signature));
}
