export { SigningModule } from './signing.module';
export { SIGNING_REQUESTS_READ, signingDocumentRead } from './device-signing.controller';
export type { SigningAppDependencies } from './signing-app-dependencies';
