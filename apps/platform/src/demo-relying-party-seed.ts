import path from 'node:path';
import { demoClientKeys, demoRelyingParty, type RelyingPartyRegistry } from '@theqa/relying-parties';
import type { PlatformConfiguration } from './composition/configuration';

/** Where the demo relying party's key lives: the platform registers its public half, the demo reads the private one. */
export function demoRelyingPartyDir(config: PlatformConfiguration): string {
  return path.join(config.dataDir, 'demo-rp');
}

/**
 * Development only: "Naql (demo)" registered with its current key and port, so that `npm start`
 * offers a relying party to log in to without anyone registering one by hand.
 */
export async function seedDemoRelyingParty(relyingParties: RelyingPartyRegistry, config: PlatformConfiguration, demo: { port: number; clientId: string }): Promise<void> {
  const keys = await demoClientKeys(demoRelyingPartyDir(config));
  const origin = `http://127.0.0.1:${demo.port}`;
  await relyingParties.ensure(
    { ...demoRelyingParty(keys.publicJwks), clientId: demo.clientId, redirectUris: [`${origin}/callback`], postLogoutRedirectUris: [`${origin}/`] },
    'system:development-seed',
  );
}
