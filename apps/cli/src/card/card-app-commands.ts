/**
 * The card app: the Web eID native app's role, over the card's PKCS#11 module. Nothing of the platform
 * is loaded (no database, no configuration): the browser extension (or its test stand-in) runs it once
 * per request, so it starts with the card library alone (tools/bin/theqa.cjs routes here).
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { authenticate, CardError, getSigningCertificate, signHash, unblock, type CardReader } from '@theqa/id-card';
import { answer } from './card-answer';

/** Where the card's PKCS#11 module usually is: OpenSC for real cards, then SoftHSM2 (the development card). */
const MODULE_CANDIDATES = [
  '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so',
  '/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so',
  '/usr/lib/opensc-pkcs11.so',
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
];

export interface ReaderOptions {
  token?: string;
  module?: string;
}

export function cardReader(options: ReaderOptions): CardReader {
  const module = options.module ?? process.env.THEQA_CARD_MODULE ?? MODULE_CANDIDATES.find((candidate) => fs.existsSync(candidate));
  if (!module) throw new CardError('module-unavailable', `no PKCS#11 module found (looked for ${MODULE_CANDIDATES.join(', ')}); give --module`);
  return { module, card: options.token };
}

export const withReader = (command: Command) =>
  command
    .option('--token <label>', 'the card (its tokens are "<label> (PIN1)" and "<label> (PIN2)"); optional when one card is present')
    .option('--module <path>', 'PKCS#11 module (default: $THEQA_CARD_MODULE, else OpenSC, else SoftHSM2)');

export function registerCardAppCommands(card: Command): void {
  withReader(
    card
      .command('authenticate')
      .description('a Web eID authentication token: the challenge nonce and origin signed with the authentication key (PIN1)')
      .requiredOption('--origin <url>', "the website's origin, e.g. https://login.theqa.om")
      .requiredOption('--challenge-nonce <nonce>', "the website's challenge nonce (44–128 characters)")
      .requiredOption('--pin1 <pin>', 'PIN1'),
  ).action((options: ReaderOptions & { origin: string; challengeNonce: string; pin1: string }) =>
    answer(() => authenticate(cardReader(options), { origin: options.origin, challengeNonce: options.challengeNonce, pin1: options.pin1 })),
  );

  withReader(card.command('get-signing-certificate').description('the qualified signing certificate (base64 DER) and the algorithms the signing key supports')).action((options: ReaderOptions) =>
    answer(() => getSigningCertificate(cardReader(options))),
  );

  withReader(
    card
      .command('sign')
      .description('sign a document hash with the signing key (PIN2); the signature is ECDSA r‖s, base64')
      .requiredOption('--hash <base64>', 'the hash to sign')
      .requiredOption('--hash-function <name>', 'SHA-256, SHA-384 or SHA-512')
      .requiredOption('--pin2 <pin>', 'PIN2'),
  ).action((options: ReaderOptions & { hash: string; hashFunction: string; pin2: string }) =>
    answer(() => signHash(cardReader(options), { hash: options.hash, hashFunction: options.hashFunction, pin2: options.pin2 })),
  );

  withReader(
    card
      .command('unblock')
      .description('set a new PIN1 or PIN2 with the PUK (unblocks it)')
      .requiredOption('--puk <puk>', 'the PUK')
      .requiredOption('--pin <pin>', 'the new PIN, 6 digits')
      .requiredOption('--which <pin>', 'pin1 or pin2'),
  ).action((options: ReaderOptions & { puk: string; pin: string; which: string }) =>
    answer(() => unblock(cardReader(options), { puk: options.puk, newPin: options.pin, which: options.which })),
  );
}
