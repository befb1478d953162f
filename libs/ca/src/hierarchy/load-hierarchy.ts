import type { KeyStore } from '@theqa/keys';
import { readCertificateFields } from '../certificate/certificate-fields';
import { CaError } from '../errors/ca-error';
import { AuthorityRegistry } from '../issuance/authority';
import type { ProfileCatalogue } from '../profiles/profile-catalogue';
import type { AuthorityDefinition } from './hierarchy-definition';
import { authorityFrom, type AuthorityStore } from './initialise-hierarchy';

export interface HierarchyLoadContext {
  definitions: AuthorityDefinition[];
  profiles: ProfileCatalogue;
  keyStore: Pick<KeyStore, 'findKey'>;
  store: Pick<AuthorityStore, 'load'>;
  publicBaseUrl: string;
  clock?: () => Date;
}

/**
 * The hierarchy as `ca init` left it: every authority's key from the key store and its certificate
 * from the authority store. Nothing is created: an authority that is missing, whose key does not match
 * its certificate, or whose certificate has expired makes this fail with what to do.
 */
export async function loadHierarchy(context: HierarchyLoadContext): Promise<AuthorityRegistry> {
  const authorities = new AuthorityRegistry();
  const now = (context.clock ?? (() => new Date()))().getTime();
  const unusable: string[] = [];
  for (const definition of context.definitions) {
    const stored = await context.store.load(definition.name);
    const key = await context.keyStore.findKey(definition.name);
    const fields = stored && readCertificateFields(stored.certificateDer);
    if (!stored || !key || !fields || stored.keyLabel !== definition.name) {
      unusable.push(`${definition.name} (not created)`);
    } else if (!fields.spki.equals(key.publicKeySpki)) {
      unusable.push(`${definition.name} (its key does not match its certificate)`);
    } else if (fields.notAfter.getTime() <= now) {
      unusable.push(`${definition.name} (expired ${fields.notAfter.toISOString()})`);
    } else {
      authorities.add(authorityFrom(definition, context.profiles.get(definition.profile), key, stored.certificateDer, context.publicBaseUrl));
    }
  }
  if (unusable.length) {
    throw new CaError('hierarchy-incomplete', `the CA hierarchy is not ready: ${unusable.join(', ')}. Run \`npx theqa ca init\` to create or renew it.`, { authorities: unusable });
  }
  return authorities;
}
