export * from './der/der-writer';
export * from './der/der-reader';
export { signatureAlgorithmIdentifier } from './der/algorithm-identifier';
export * from './keys/signing-key';
