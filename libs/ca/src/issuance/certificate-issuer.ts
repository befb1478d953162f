import { createHash } from 'node:crypto';
import { SIGNATURE_ALGORITHM_OF, type SigningKey } from '../keys/signing-key';
import { verifyCsr } from '../csr/certification-request';
import { readSubjectPublicKey, type SubjectPublicKey } from '../csr/public-key';
import { authoritySubject, citizenSubject, describeName, encodeName, type CitizenIdentity, type NameAttribute } from '../names/distinguished-name';
import { keyAlgorithmAllowed, type CertificateProfile } from '../profiles/certificate-profile';
import type { ProfileCatalogue } from '../profiles/profile-catalogue';
import type { PlatformOids } from '../oids';
import { keyIdentifier, profileExtensions, subjectKeyIdentifierExtension, type Extension } from '../certificate/extensions';
import { OID } from '../oids';
import { encodeTbsCertificate, signCertificate, type CertificateDraft } from '../certificate/certificate-draft';
import { assertLintClean } from '../certificate/certificate-lint';
import { CaError } from '../errors/ca-error';
import type { Authority, AuthorityRegistry } from './authority';
import type { CaEventSink, CertificateLedger } from './certificate-ledger';
import { drawSerial, serialHex } from './serial-number';

export interface CitizenCertificateRequest {
  /** PKCS#10, DER or PEM; only its key is used, after its proof of possession is checked. */
  csr: Buffer | string;
  profile: string;
  identity: CitizenIdentity;
  /** For profiles valid "until card-expiry". */
  cardExpiry?: Date;
  /** Who asked (an administrator, the enrolment service…), for the audit log. */
  actor: string;
}

export interface IssuedCertificate {
  serialHex: string;
  der: Buffer;
  issuer: string;
  profile: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
}

export interface IssuerDependencies {
  profiles: ProfileCatalogue;
  authorities: AuthorityRegistry;
  ledger: CertificateLedger;
  events: CaEventSink;
  oids: PlatformOids;
  clock?: () => Date;
  random?: (n: number) => Buffer;
}

const DAY_MS = 86_400_000;
// Tolerates relying parties whose clocks run slightly behind.
const BACKDATE_MS = 60_000;
const MAX_SERIAL_ATTEMPTS = 3;

/**
 * Issues certificates in small named steps: check the request, build the draft from profile and
 * identity, lint it, reserve its serial in the ledger, sign, complete the record, report the event.
 */
export class CertificateIssuer {
  private readonly clock: () => Date;
  /** Extensions of each (issuer, profile): fixed but for the subject key identifier, built and encoded once. */
  private readonly templates = new WeakMap<Authority, Map<string, Extension[]>>();

  constructor(private readonly deps: IssuerDependencies) {
    this.clock = deps.clock ?? (() => new Date());
  }

  async issueForCitizen(request: CitizenCertificateRequest): Promise<IssuedCertificate> {
    const profile = this.deps.profiles.get(request.profile);
    if (profile.subject !== 'citizen' || !profile.issuer) {
      throw new CaError('profile-invalid', `profile ${profile.name} does not issue citizen certificates`);
    }
    const { publicKey } = verifyCsr(request.csr);
    checkKeyAllowed(profile, publicKey);
    const issuer = this.deps.authorities.get(profile.issuer);
    const subject = citizenSubject(request.identity);
    return this.issue({ profile, issuer, subject, publicKey, cardExpiry: request.cardExpiry, actor: request.actor, civilNumber: request.identity.civilNumber });
  }

  /** Certificates of the hierarchy itself (`ca init`): the key is the store's, so possession is given. */
  async issueForAuthority(options: {
    profile: string;
    subject: { CN: string; O?: string; C?: string };
    key: SigningKey;
    /** Absent for the self-signed root. */
    issuer?: Authority;
    actor: string;
  }): Promise<IssuedCertificate> {
    const profile = this.deps.profiles.get(options.profile);
    const publicKey = readSubjectPublicKey(options.key.publicKeySpki);
    checkKeyAllowed(profile, publicKey);
    return this.issue({ profile, issuer: options.issuer, selfKey: options.key, subject: authoritySubject(options.subject), publicKey, actor: options.actor });
  }

  private async issue(input: {
    profile: CertificateProfile;
    issuer?: Authority;
    selfKey?: SigningKey;
    subject: NameAttribute[];
    publicKey: SubjectPublicKey;
    cardExpiry?: Date;
    civilNumber?: string;
    actor: string;
  }): Promise<IssuedCertificate> {
    const { profile, issuer, subject, publicKey } = input;
    const signer = issuer?.key ?? input.selfKey;
    if (!signer) throw new CaError('authority-not-ready', 'no issuer key');
    const subjectDer = encodeName(subject);
    const validity = this.validity(profile, issuer, input.cardExpiry);

    for (let attempt = 1; ; attempt++) {
      const draft = this.draft({ profile, issuer, subject, subjectDer, publicKey, validity, signatureAlgorithm: SIGNATURE_ALGORITHM_OF[signer.keyAlgorithm] });
      assertLintClean(draft);
      const serial = serialHex(draft.serial);
      try {
        await this.deps.ledger.reserve({
          serialHex: serial,
          issuer: issuer?.name ?? profile.name,
          profile: profile.name,
          subject: describeName(subject),
          civilNumber: input.civilNumber,
          keyAlgorithm: publicKey.algorithm,
          spkiSha256: createHash('sha256').update(publicKey.spki).digest(),
          notBefore: draft.notBefore,
          notAfter: draft.notAfter,
        });
      } catch (error) {
        if (error instanceof CaError && error.code === 'serial-collision' && attempt < MAX_SERIAL_ATTEMPTS) continue;
        throw error;
      }
      const der = await signCertificate(encodeTbsCertificate(draft), draft.signatureAlgorithm, signer);
      await this.deps.ledger.complete(serial, der, this.clock());
      const issued: IssuedCertificate = {
        serialHex: serial,
        der,
        issuer: issuer?.name ?? 'self',
        profile: profile.name,
        subject: describeName(subject),
        notBefore: draft.notBefore,
        notAfter: draft.notAfter,
      };
      await this.deps.events.record({
        action: 'certificate.issued',
        actor: input.actor,
        subject: serial,
        details: { issuer: issued.issuer, profile: profile.name, subject: issued.subject, not_after: issued.notAfter.toISOString(), key: publicKey.algorithm },
      });
      return issued;
    }
  }

  private validity(profile: CertificateProfile, issuer: Authority | undefined, cardExpiry?: Date): { notBefore: Date; notAfter: Date } {
    const now = this.clock();
    const notBefore = new Date(Math.floor((now.getTime() - BACKDATE_MS) / 1000) * 1000);
    let notAfter: Date;
    if ('days' in profile.validity) {
      notAfter = new Date(notBefore.getTime() + profile.validity.days * DAY_MS - 1000);
    } else {
      if (!cardExpiry || Number.isNaN(cardExpiry.getTime())) throw new CaError('identity-invalid', `profile ${profile.name} needs the card's expiry date`);
      if (cardExpiry <= now) throw new CaError('identity-invalid', 'the card has expired');
      notAfter = new Date(Math.floor(cardExpiry.getTime() / 1000) * 1000);
    }
    if (issuer) {
      if (issuer.notAfter <= now) throw new CaError('authority-not-ready', `authority ${issuer.name} has expired`);
      // Never beyond the issuer: a certificate outliving its CA could not be validated.
      if (notAfter > issuer.notAfter) notAfter = issuer.notAfter;
      return { notBefore: notBefore < issuer.notBefore ? issuer.notBefore : notBefore, notAfter };
    }
    return { notBefore, notAfter };
  }

  private draft(input: {
    profile: CertificateProfile;
    issuer?: Authority;
    subject: NameAttribute[];
    subjectDer: Buffer;
    publicKey: SubjectPublicKey;
    validity: { notBefore: Date; notAfter: Date };
    signatureAlgorithm: CertificateDraft['signatureAlgorithm'];
  }): CertificateDraft {
    const { profile, issuer, publicKey } = input;
    const subjectKeyId = keyIdentifier(publicKey.spki);
    const template = issuer ? this.template(profile, issuer) : undefined;
    return {
      serial: drawSerial(this.deps.random),
      profile,
      signatureAlgorithm: input.signatureAlgorithm,
      issuer: issuer
        ? { name: issuer.name, nameDer: issuer.nameDer, notBefore: issuer.notBefore, notAfter: issuer.notAfter, selfSigned: false }
        : { name: 'self', nameDer: input.subjectDer, notBefore: input.validity.notBefore, notAfter: input.validity.notAfter, selfSigned: true },
      subject: input.subject,
      subjectDer: input.subjectDer,
      notBefore: input.validity.notBefore,
      notAfter: input.validity.notAfter,
      publicKey,
      extensions: template
        ? template.map((e) => (e.oid === OID.subjectKeyIdentifier ? subjectKeyIdentifierExtension(subjectKeyId) : e))
        : profileExtensions({ profile, oids: this.deps.oids, subjectKeyId, naturalPerson: false }),
    };
  }

  private template(profile: CertificateProfile, issuer: Authority): Extension[] {
    let byProfile = this.templates.get(issuer);
    if (!byProfile) this.templates.set(issuer, (byProfile = new Map()));
    let template = byProfile.get(profile.name);
    if (!template) {
      template = profileExtensions({
        profile,
        oids: this.deps.oids,
        subjectKeyId: Buffer.alloc(20),
        authorityKeyId: issuer.keyId,
        urls: issuer.urls,
        naturalPerson: profile.subject === 'citizen',
      });
      byProfile.set(profile.name, template);
    }
    return template;
  }
}

function checkKeyAllowed(profile: CertificateProfile, publicKey: SubjectPublicKey): void {
  if (!keyAlgorithmAllowed(profile, publicKey.algorithm)) {
    throw new CaError('csr-key-forbidden', `profile ${profile.name} does not accept ${publicKey.algorithm} keys (accepted: ${profile.keyAlgorithms.join(', ')})`);
  }
}
