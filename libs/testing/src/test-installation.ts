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
    devDir,
    certsDir: path.join(WORKSPACE_ROOT, 'certs'),
    publicBaseUrl: variable('THEQA_TEST_PUBLIC_BASE_URL'),
    keyStore: { kind: 'software' as const, directory: path.join(devDir, 'keys'), masterKey: variable('THEQA_KEYSTORE_KEY') },
  };
}
