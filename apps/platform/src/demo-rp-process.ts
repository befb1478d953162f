import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Logger } from '@theqa/http-shell';
import { DEMO_CLIENT_KEY_FILE } from '@theqa/relying-parties';
import type { PlatformConfiguration } from './composition/configuration';
import { childEntry } from './composition/worker-loader';
import { demoRelyingPartyDir } from './demo-relying-party-seed';

// The demo relying party is a program of its own, launched as one (from the sources or the build alike).
const DEMO_RP_MAIN = path.resolve(__dirname, '../../demo-rp/src/main');

/**
 * `npm start` in development also runs the demo relying party, as its own program on its own origin:
 * it stands for a ministry's portal, shares nothing with the platform but the protocol, and reads its
 * own configuration as such a program would (DEMO_RP_*). It ends itself when the platform disappears
 * (its IPC channel closes, even after `kill -9`), so it never keeps its port as an orphan.
 */
export function startDemoRelyingParty(config: PlatformConfiguration, demo: { port: number; clientId: string }, logger: Logger): { url: string; stop(): Promise<void> } {
  const url = `http://127.0.0.1:${demo.port}`;
  const { entry, args } = childEntry(DEMO_RP_MAIN);
  const child: ChildProcess = fork(entry, args, {
    env: {
      PATH: process.env.PATH,
      DEMO_RP_PORT: String(demo.port),
      DEMO_RP_CLIENT_ID: demo.clientId,
      DEMO_RP_HOST: '127.0.0.1',
      DEMO_RP_ISSUER: `${config.server.publicBaseUrl}/oidc`,
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
