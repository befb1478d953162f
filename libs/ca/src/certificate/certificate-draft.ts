import { explicit, sequence, smallInteger, unsignedInteger, x509Time } from '../der/der-writer';
import { signatureAlgorithmIdentifier } from '../der/algorithm-identifier';
import type { SignatureAlgorithm } from '@theqa/keys';
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

/** version [0] EXPLICIT v3. */
export const V3 = explicit(0, smallInteger(2));

/**
 * The TBSCertificate encoded field by field: the reference that CertificateTemplate's byte assembly
 * is tested against.
 */
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
