import { createDemoRp, type RunningDemoRp } from './demo-rp-app';
import { DemoRpConfigError, postLogoutRedirectUri, readDemoRpConfig, redirectUri } from './demo-rp-config';
import { DemoRpKeyError } from './client-key';

const SHUTDOWN_GRACE_MS = 10_000;

// `node tools/run-ts.cjs apps/demo-rp/src/main.ts`: the sample relying party "Naql (demo)" on its own origin.
async function main(): Promise<void> {
  let running: RunningDemoRp;
  try {
    const config = readDemoRpConfig(process.env);
    const rp = createDemoRp(config);
    running = await rp.start();
    process.stderr.write(
      [
        '',
        'Naql (demo) — a relying party of Theqa — is running.',
        `  open              ${config.baseUrl}/`,
        `  listening on      ${running.url}`,
        `  issuer            ${config.issuer}`,
        `  client            ${config.clientId} (${config.clientSecret ? 'client_secret_basic' : `private_key_jwt, key ${config.keyFile}`})`,
        `  redirect URI      ${redirectUri(config)}`,
        `  after logout      ${postLogoutRedirectUri(config)}`,
        `  asks for          ${config.claims.join(', ')}`,
        'Stop with Ctrl+C.',
        '',
      ].join('\n'),
    );
  } catch (error) {
    if (error instanceof DemoRpConfigError || error instanceof DemoRpKeyError) {
      process.stderr.write(`demo-rp: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`demo-rp: ${signal}, shutting down\n`);
    setTimeout(() => {
      process.stderr.write('demo-rp: graceful shutdown timed out\n');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`demo-rp: shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  // Started by the platform (npm start): gone with it, even when it is killed without a chance to stop us.
  if (process.connected) process.on('disconnect', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`demo-rp: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
