import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Logger } from '@theqa/http-shell';
import { DEMO_CLIENT_KEY_FILE } from '@theqa/relying-parties';
import { demoRelyingPartyDir } from './demo-relying-party-seed';
import type { PlatformConfig } from './platform-config';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * `npm start` in development also runs the demo relying party, as its own process on its own origin
 * (it stands for a ministry's portal and shares nothing with the platform but the protocol).
 */
export function startDemoRelyingParty(config: PlatformConfig, logger: Logger): { url: string; stop(): Promise<void> } {
  const url = `http://127.0.0.1:${config.DEMO_RP_PORT}`;
  const child: ChildProcess = fork(path.join(ROOT, 'tools/run-ts.cjs'), ['apps/demo-rp/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DEMO_RP_PORT: String(config.DEMO_RP_PORT),
      DEMO_RP_CLIENT_ID: config.DEMO_RP_CLIENT_ID,
      DEMO_RP_HOST: '127.0.0.1',
      DEMO_RP_ISSUER: `${config.publicBaseUrl}/oidc`,
      DEMO_RP_KEY_FILE: path.join(demoRelyingPartyDir(config), DEMO_CLIENT_KEY_FILE),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') logger.warn({ code, signal }, 'the demo relying party stopped');
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
