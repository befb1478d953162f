import type { KeyAlgorithm, KeyStore, SigningKey } from './key-store';

/**
 * A service's own signing key in the key store (the gateway's ID-token key, the audit log's checkpoint
 * key, a seal), made on first use. Instances starting at once may race to make it: the loser finds the
 * winner's. `onGenerated` reports the one that made it (for the audit log).
 */
export async function serviceSigningKey(
  store: KeyStore,
  label: string,
  options: { algorithm?: KeyAlgorithm; onGenerated?: (key: SigningKey) => Promise<void> } = {},
): Promise<SigningKey> {
  const found = await store.findKey(label);
  if (found) return found;
  let key: SigningKey;
  try {
    key = await store.generateKey(label, options.algorithm ?? 'ec-p256');
  } catch (error) {
    const raced = await store.findKey(label);
    if (raced) return raced;
    throw error;
  }
  await options.onGenerated?.(key);
  return key;
}
