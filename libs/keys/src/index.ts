export {
  HASH_OF,
  KeyStoreError,
  SIGNATURE_ALGORITHM_OF,
  type KeyAlgorithm,
  type KeyStore,
  type MacKey,
  type SignatureAlgorithm,
  type SigningKey,
} from './key-store';
export { openKeyStore, type KeyStoreConfig } from './open-key-store';
export { SoftwareKeyStore, type SoftwareKeyStoreOptions } from './software-key-store';
export { parseKeyStoreMasterKey } from './keystore-master-key';
export { Pkcs11KeyStore, type Pkcs11KeyStoreOptions } from './pkcs11-key-store';
export { assertKeyLabel } from './key-label';
export { ecdsaRawToDer, ecdsaDerToRaw, ECDSA_COORDINATE_SIZE, EcdsaSignatureError } from './ecdsa-signature';
export { serviceSigningKey } from './service-key';
export { acquireModule, releaseModule } from './pkcs11-module';
export { EC_PARAMS, ecPublicKeySpki, type EcKeyAlgorithm } from './token-public-key';
