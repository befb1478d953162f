import path from 'node:path';
import { WORKSPACE_ROOT } from './platform-process';

/**
 * The installation the test run's global setup made (tools/test/global-setup.cjs): one migrated
 * database, one CA hierarchy whose keys sit in a temporary dev folder under a master key of the run.
 * Tests that construct services themselves take their values from here (a test may read the
 * environment; libraries may not).
 */
export function testInstallation() {
  const variable = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run the tests with Jest's global setup (npm test)`);
    return value;
  };
  const devDir = variable('THEQA_DEV_DIR');
  return {
    databaseUrl: variable('DATABASE_URL'),
    ownerDatabaseUrl: ownerDatabaseUrl(),
    devDir,
    certsDir: path.join(WORKSPACE_ROOT, 'certs'),
    publicBaseUrl: variable('THEQA_TEST_PUBLIC_BASE_URL'),
    keyStore: { kind: 'software' as const, directory: path.join(devDir, 'keys'), masterKey: variable('THEQA_KEYSTORE_KEY') },
  };
}

/**
 * The schema owner's connection, for the few tests that must act as the database's owner (tamper with
 * the audit log past its triggers, grant the application role): the run's migration URL when it has
 * one (tools/ci/with-postgres.sh runs the tests as the application role, DATABASE_URL, and migrates as
 * the owner, DATABASE_MIGRATION_URL), else DATABASE_URL, the embedded database's only role. Every
 * other test connects as DATABASE_URL, with the rights the running platform has.
 */
export function ownerDatabaseUrl(): string {
  const url = process.env.DATABASE_MIGRATION_URL || process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the tests with Jest\'s global setup (npm test)');
  return url;
}

/**
 * The variables a production start insists on, for tests that run the platform or the CLI as
 * production: the test run's database and key-store master key, an issuance token, and the outside
 * systems over HTTP at `externalBaseUrl` (the stand-in services of @theqa/dev-standins, or a port where
 * nothing listens), each with `token`.
 */
export function productionVariables(options: { externalBaseUrl?: { civilRegistry: string; faceMatcher: string; sms: string }; token?: string } = {}): NodeJS.ProcessEnv {
  const nowhere = 'http://127.0.0.1:9';
  const urls = options.externalBaseUrl ?? { civilRegistry: nowhere, faceMatcher: nowhere, sms: nowhere };
  const token = options.token ?? 'stand-in-Token-0123456789abcdef';
  return {
    THEQA_ENV: 'production',
    DATABASE_URL: process.env.DATABASE_URL,
    THEQA_KEYSTORE_KEY: process.env.THEQA_KEYSTORE_KEY,
    THEQA_CA_API_TOKEN: 'production-Test-Token-5f3a9c1e7b2d4086',
    THEQA_PORTAL_CLIENT_KEY: '6b1d3f2e9a8c7b5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d',
    THEQA_ADMIN_CLIENT_KEY: '3e7a1c5b9d2f4e8a6c0b3d7f1e5a9c2b4d8f0e6a3c7b1d5f9e2a4c8b6d0f3e7a',
    THEQA_CIVIL_REGISTRY: 'http',
    THEQA_CIVIL_REGISTRY_URL: urls.civilRegistry,
    THEQA_CIVIL_REGISTRY_TOKEN: token,
    THEQA_FACE_MATCHER: 'http',
    THEQA_FACE_MATCHER_URL: urls.faceMatcher,
    THEQA_FACE_MATCHER_TOKEN: token,
    THEQA_SMS: 'http',
    THEQA_SMS_URL: urls.sms,
    THEQA_SMS_TOKEN: token,
  };
}
