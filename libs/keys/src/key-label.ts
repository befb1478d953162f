import { KeyStoreError } from './key-store';

/** Lower-case, digits and hyphens: safe as a file name and as a PKCS#11 CKA_LABEL on every token we met. */
const KEY_LABEL = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function assertKeyLabel(label: string): void {
  if (typeof label !== 'string' || !KEY_LABEL.test(label)) {
    // JSON.stringify shows invisible or hostile characters instead of printing them raw into logs.
    throw new KeyStoreError(`invalid key label ${JSON.stringify(String(label).slice(0, 80))}: use 1–63 of a-z, 0-9 and "-", not starting with "-"`);
  }
}
