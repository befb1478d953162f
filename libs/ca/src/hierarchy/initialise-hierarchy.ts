import type { KeyStore } from '@theqa/keys';
import type { CertificateIssuer } from '../issuance/certificate-issuer';
import { AuthorityRegistry, authorityUrls, type Authority } from '../issuance/authority';
import { readCertificateFields } from '../certificate/certificate-fields';
import { keyIdentifier } from '../certificate/extensions';
import { authoritySubject } from '../names/distinguished-name';
import type { ProfileCatalogue } from '../profiles/profile-catalogue';
import { CaError } from '../errors/ca-error';
import type { AuthorityDefinition } from './hierarchy-definition';

/** Where the hierarchy's own certificates are kept (the database, so that every instance sees the same). */
export interface AuthorityStore {
  load(name: string): Promise<{ certificateDer: Buffer; keyLabel: string } | undefined>;
  save(name: string, certificateDer: Buffer, keyLabel: string): Promise<void>;
}

export interface HierarchyContext {
  definitions: AuthorityDefinition[];
  profiles: ProfileCatalogue;
  keyStore: KeyStore;
  store: AuthorityStore;
  publicBaseUrl: string;
  clock?: () => Date;
}

export interface InitialisedHierarchy {
  authorities: AuthorityRegistry;
  created: string[];
}

// Renew an authority's certificate when less than this remains (delegated responders live a year).
const RENEW_BEFORE_MS = 30 * 86_400_000;

/**
 * Creates whatever is missing — keys in the key store, certificates recorded in the ledger and the
 * authority store — and renews what is about to expire; loads the rest. Running it again changes
 * nothing. Only `ca init` (and a development start) does this; services load the hierarchy (loadHierarchy).
 */
export async function initialiseHierarchy(context: HierarchyContext, issuer: CertificateIssuer, actor: string): Promise<InitialisedHierarchy> {
  const authorities = new AuthorityRegistry();
  const created: string[] = [];
  const now = (context.clock ?? (() => new Date()))();
  for (const definition of context.definitions) {
    const profile = context.profiles.get(definition.profile);
    const stored = await context.store.load(definition.name);
    const key = (await context.keyStore.findKey(definition.name)) ?? (await context.keyStore.generateKey(definition.name, definition.keyAlgorithm));
    const usable =
      stored &&
      stored.keyLabel === definition.name &&
      readCertificateFields(stored.certificateDer).spki.equals(key.publicKeySpki) &&
      readCertificateFields(stored.certificateDer).notAfter.getTime() - now.getTime() > RENEW_BEFORE_MS;
    let certificateDer: Buffer;
    if (usable) {
      certificateDer = stored.certificateDer;
    } else {
      const parent = definition.issuer ? authorities.get(definition.issuer) : undefined;
      const issued = await issuer.issueForAuthority({ profile: definition.profile, subject: definition.subject, key, issuer: parent, actor });
      certificateDer = issued.der;
      await context.store.save(definition.name, certificateDer, definition.name);
      created.push(definition.name);
    }
    authorities.add(authorityFrom(definition, profile, key, certificateDer, context.publicBaseUrl));
    // A freshly issued child is registered before the next definition asks for it.
    if (!authorities.find(definition.name)) throw new CaError('hierarchy-invalid', `could not load ${definition.name}`);
  }
  return { authorities, created };
}

export function authorityFrom(
  definition: AuthorityDefinition,
  profile: Authority['profile'],
  key: Authority['key'],
  certificateDer: Buffer,
  publicBaseUrl: string,
): Authority {
  const fields = readCertificateFields(certificateDer);
  return {
    name: definition.name,
    profile,
    key,
    certificateDer,
    subject: authoritySubject(definition.subject),
    nameDer: fields.subjectDer,
    keyId: keyIdentifier(fields.spki),
    notBefore: fields.notBefore,
    notAfter: fields.notAfter,
    urls: authorityUrls(publicBaseUrl, definition.name),
  };
}
