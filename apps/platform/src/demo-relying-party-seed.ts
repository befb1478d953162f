import path from 'node:path';
import type { Gateway } from '@theqa/gateway';
import { demoClientKeys, demoRelyingParty } from '@theqa/relying-parties';
import type { PlatformConfig } from './platform-config';

/** Where the demo relying party's key lives: the platform registers its public half, the demo reads the private one. */
export function demoRelyingPartyDir(config: PlatformConfig): string {
  return path.resolve(config.THEQA_DATA_DIR, 'demo-rp');
}

/**
 * Development only: "Naql (demo)" registered with its current key and port, so that `npm start`
 * offers a relying party to log in to without anyone registering one by hand.
 */
export async function seedDemoRelyingParty(gateway: Gateway, config: PlatformConfig): Promise<void> {
  const keys = await demoClientKeys(demoRelyingPartyDir(config));
  const origin = `http://127.0.0.1:${config.DEMO_RP_PORT}`;
  await gateway.relyingParties.ensure(
    { ...demoRelyingParty(keys.publicJwks), clientId: config.DEMO_RP_CLIENT_ID, redirectUris: [`${origin}/callback`], postLogoutRedirectUris: [`${origin}/`] },
    'system:development-seed',
  );
}
